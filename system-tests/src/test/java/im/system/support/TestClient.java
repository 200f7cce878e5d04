package im.system.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A plain WebSocket client speaking docs/protocol.md from the outside (JDK client, JSON by hand):
 * every frame it receives lands in a queue, with its arrival time.
 */
public final class TestClient implements WebSocket.Listener, AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A received frame and when it arrived ({@link System#nanoTime()}). */
    public record Received(JsonNode frame, long nanos) {}

    private final BlockingQueue<Received> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket ws;
    private volatile java.util.function.Consumer<JsonNode> handler;

    private TestClient() {}

    /** From now on frames go to {@code handler} on the receiving thread instead of the queue (benchmarks). */
    public void onFrame(java.util.function.Consumer<JsonNode> handler) {
        this.handler = handler;
    }

    public static TestClient connect(String url, String token, String device) {
        return connectTo(url + "?device=" + device, token);
    }

    /** Connects to exactly {@code url} (its query as given), with {@code token} in the header if not null. */
    public static TestClient connectTo(String url, String token) {
        TestClient c = new TestClient();
        WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        c.ws = b.buildAsync(URI.create(url), c).join();
        return c;
    }

    /** Sends {@code text} as it is, as one text frame. */
    public synchronized void sendRaw(String text) {
        ws.sendText(text, true).join();
    }

    /** Sends one binary frame. */
    public synchronized void sendBinary(byte[] data) {
        ws.sendBinary(java.nio.ByteBuffer.wrap(data), true).join();
    }

    /** The close code the server sent, waiting up to {@code timeout}; fails if it stays open. */
    public int closeCode(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("not closed within " + timeout, e);
        }
    }

    /** Whether the server closed the connection. */
    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            JsonNode frame = JSON.readTree(partial.toString());
            var h = handler;
            if (h != null) {
                h.accept(frame);
            } else {
                frames.add(new Received(frame, System.nanoTime()));
            }
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

    /** Sends one frame (the JDK client allows one send at a time, hence synchronized). */
    public synchronized void send(String type, Object... keyValues) {
        ObjectNode f = JSON.createObjectNode();
        f.put("type", type);
        for (int i = 0; i < keyValues.length; i += 2) {
            f.set((String) keyValues[i], JSON.valueToTree(keyValues[i + 1]));
        }
        ws.sendText(JSON.writeValueAsString(f), true).join();
    }

    /**
     * Sends a message to {@code toUser} and waits until it is accepted here and pushed to {@code
     * recipient} (one of {@code toUser}'s connections): the cluster still carries a normal message.
     */
    public void sendAndAwaitDelivery(String toUser, TestClient recipient, Duration timeout) {
        String id = "ok-" + java.util.UUID.randomUUID();
        send("send", "to", toUser, "clientMsgId", id, "body", "still here");
        await(
                f -> id.equals(f.path("clientMsgId").asString())
                        && f.path("type").asString().equals("accepted"),
                timeout);
        recipient.await(
                f -> id.equals(f.path("clientMsgId").asString())
                        && f.path("type").asString().equals("message"),
                timeout);
    }

    /** The answer to this connection's send of {@code clientMsgId}: its {@code accepted} or {@code error}. */
    public JsonNode answerTo(String clientMsgId, Duration timeout) {
        return await(
                        f -> clientMsgId.equals(f.path("clientMsgId").asString())
                                && java.util.List.of("accepted", "error")
                                        .contains(f.path("type").asString()),
                        timeout)
                .frame();
    }

    /** The next frame of {@code type} within {@code timeout} (frames of other types are dropped). */
    public JsonNode awaitType(String type, Duration timeout) {
        return await(f -> f.path("type").asString().equals(type), timeout).frame();
    }

    /** The next frame matching {@code p} (others are dropped); fails after {@code timeout}. */
    public Received await(Predicate<JsonNode> p, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                Received r = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
                if (r == null) {
                    throw new AssertionError("no matching frame within " + timeout);
                }
                if (p.test(r.frame())) {
                    return r;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Every frame received within {@code quiet} of the previous one (drains the queue). */
    public List<JsonNode> drain(Duration quiet) {
        List<JsonNode> out = new ArrayList<>();
        try {
            Received r;
            while ((r = frames.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                out.add(r.frame());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    /** The next frame, or null within {@code timeout}. */
    public Received poll(Duration timeout) {
        try {
            return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void close() {
        if (!ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye")
                    .orTimeout(2, TimeUnit.SECONDS)
                    .exceptionally(e -> null)
                    .join();
        }
        try {
            closed.get(3, TimeUnit.SECONDS);
        } catch (Exception e) {
            ws.abort();
        }
    }
}
