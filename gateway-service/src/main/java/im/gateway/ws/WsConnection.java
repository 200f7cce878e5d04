package im.gateway.ws;

import im.common.error.ErrorCode;
import im.gateway.client.Connection;
import im.gateway.client.Frame;
import java.io.IOException;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * {@link Connection} over a WebSocket session. Sends go through Spring's concurrent decorator: many
 * threads may deliver to one client, and a client that stops reading is cut off (buffer or time
 * limit) instead of blocking them.
 */
final class WsConnection implements Connection {

    private static final int SEND_TIME_LIMIT_MILLIS = 10_000;
    private static final int BUFFER_LIMIT_BYTES = 512 * 1024;

    private final WebSocketSession session;

    WsConnection(WebSocketSession session) {
        this.session = new ConcurrentWebSocketSessionDecorator(session, SEND_TIME_LIMIT_MILLIS, BUFFER_LIMIT_BYTES);
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
        }
    }

    @Override
    public void close(ErrorCode code, String reason) {
        try {
            session.close(new CloseStatus(code.closeCode(), reason.length() > 120 ? reason.substring(0, 120) : reason));
        } catch (IOException e) {
            // already gone
        }
    }

    @Override
    public boolean isOpen() {
        return session.isOpen();
    }
}
