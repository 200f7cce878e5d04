package im.gateway.ws;

import im.gateway.client.Connection;
import im.gateway.client.Frame;
import im.protocol.ErrorCode;
import im.web.error.ErrorMetrics;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * {@link Connection} over a WebSocket session. Sends go through Spring's concurrent decorator: many
 * threads may deliver to one client, and a client that stops reading is cut off (buffer or time
 * limit) instead of blocking them. Counts every catalogued error it sends: {@code error} frames by
 * their {@code code}, and its own closes (once per connection).
 */
final class WsConnection implements Connection {

    private static final int SEND_TIME_LIMIT_MILLIS = 10_000;
    private static final int BUFFER_LIMIT_BYTES = 512 * 1024;

    private final WebSocketSession session;
    private final ErrorMetrics errors;
    private final AtomicBoolean closedByServer = new AtomicBoolean();

    WsConnection(WebSocketSession session, ErrorMetrics errors) {
        this.session = new ConcurrentWebSocketSessionDecorator(session, SEND_TIME_LIMIT_MILLIS, BUFFER_LIMIT_BYTES);
        this.errors = errors;
    }

    @Override
    public String id() {
        return session.getId();
    }

    @Override
    public void send(Frame frame) {
        try {
            session.sendMessage(new TextMessage(GatewayWebSocketHandler.JSON.writeValueAsString(frame.asMap())));
        } catch (IOException | RuntimeException e) {
            close(ErrorCode.INTERNAL, "send failed");
            return;
        }
        if (frame.type().equals("error") && frame.fields().get("code") instanceof String code) {
            try {
                errors.count(ErrorCode.fromCode(code));
            } catch (IllegalArgumentException notCatalogued) {
                // only catalogued codes are counted (and only they should ever be sent)
            }
        }
    }

    @Override
    public void close(ErrorCode code, String reason) {
        // Counted once, and only if the client can still hear it (not after it went away by itself).
        if (session.isOpen() && closedByServer.compareAndSet(false, true)) {
            errors.count(code);
        }
        try {
            session.close(new CloseStatus(code.closeCode(), reason.length() > 120 ? reason.substring(0, 120) : reason));
        } catch (IOException e) {
            // already gone
        }
    }

    /** Whether this side closed the connection (else the client, or the container, did). */
    boolean closedByServer() {
        return closedByServer.get();
    }

    @Override
    public boolean isOpen() {
        return session.isOpen();
    }
}
