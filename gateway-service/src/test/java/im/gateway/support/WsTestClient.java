package im.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A WebSocket client for the gateway's integration tests: frames and the close code arrive in
 * queues. Connect it with {@code HttpClient.newWebSocketBuilder().buildAsync(uri, client)} and keep
 * the socket in {@link #ws}.
 */
public final class WsTestClient implements WebSocket.Listener {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    public final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    public WebSocket ws;

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            frames.add(JSON.readTree(partial.toString()));
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    /** The next frame; fails after 5 s. */
    public JsonNode next() throws InterruptedException {
        JsonNode f = frames.poll(5, TimeUnit.SECONDS);
        assertThat(f).as("a frame within 5 s").isNotNull();
        return f;
    }

    /** The close code; fails after 5 s. */
    public int closeCode() throws Exception {
        return closed.get(5, TimeUnit.SECONDS);
    }

    public void send(String text) {
        ws.sendText(text, true).join();
    }
}
