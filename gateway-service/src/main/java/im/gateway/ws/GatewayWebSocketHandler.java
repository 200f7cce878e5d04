package im.gateway.ws;

import im.gateway.GatewayProperties;
import im.gateway.connection.ConnectionService;
import im.gateway.connection.Drain;
import im.protocol.ErrorCode;
import im.protocol.ImException;
import im.web.error.ErrorMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * WebSocket transport: text frames in (assembled from the pieces the container hands over, up to
 * {@code im.gateway.connection.max-frame-length} characters) and out; every decision is {@link
 * ConnectionService}'s, except refusing every new connection once an operator drained the node
 * ({@code node_draining}). A binary frame is answered with {@code malformed_frame} and the connection
 * stays open; a frame over the limit closes it with 1009 ({@code frame_too_large}).
 *
 * <p>Threading: the container calls each method on one of its threads, one call at a time per
 * connection.
 */
@Component
class GatewayWebSocketHandler extends AbstractWebSocketHandler implements DisposableBean {

    private final ConnectionService service;
    private final Drain drain;
    private final ErrorMetrics errors;
    private final int maxFrame;
    private final int maxQueued;
    private final long sendTimeout;
    private final Map<String, WsConnection> connections = new ConcurrentHashMap<>();
    private final ExecutorService closer = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ws-closer");
        t.setDaemon(true);
        return t;
    });

    GatewayWebSocketHandler(
            ConnectionService service, Drain drain, GatewayProperties properties, MeterRegistry registry) {
        this.service = service;
        this.drain = drain;
        this.errors = new ErrorMetrics(registry, ErrorMetrics.Transport.WEBSOCKET);
        this.maxFrame = properties.connection().maxFrameLength();
        this.maxQueued = properties.connection().maxQueuedLength();
        this.sendTimeout = properties.connection().sendTimeout().toMillis();
    }

    @Override
    public boolean supportsPartialMessages() {
        // Long frames come in pieces: no connection keeps a frame-sized buffer while idle.
        return true;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        WsConnection c = new WsConnection(session, errors, maxQueued, sendTimeout, closer);
        if (session.getAttributes().get(AuthHandshakeInterceptor.REFUSAL) instanceof ImException refusal) {
            c.close(refusal.code(), refusal.getMessage());
            return;
        }
        if (drain.draining()) {
            c.close(ErrorCode.NODE_DRAINING, "node drained by an operator");
            return;
        }
        connections.put(session.getId(), c);
        service.opened(c, (String) session.getAttributes().get(AuthHandshakeInterceptor.USER), (String)
                session.getAttributes().get(AuthHandshakeInterceptor.DEVICE));
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        WsConnection c = connections.get(session.getId());
        if (c == null) {
            return;
        }
        String whole = c.assemble(message.getPayload(), message.isLast(), maxFrame);
        if (whole == WsConnection.TOO_LARGE) {
            c.close(ErrorCode.FRAME_TOO_LARGE, "a frame has at most " + maxFrame + " characters");
        } else if (whole != null) {
            service.onText(c, whole);
        }
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
        WsConnection c = connections.get(session.getId());
        if (c != null && message.isLast()) {
            service.onUnreadable(c, "frames are text (JSON); a binary frame is not read");
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        WsConnection c = connections.remove(session.getId());
        if (c != null) {
            // The container itself closes a connection whose frame is too large; count it like our own closes.
            if (status.getCode() == ErrorCode.FRAME_TOO_LARGE.closeCode() && !c.closedByServer()) {
                errors.count(ErrorCode.FRAME_TOO_LARGE);
            }
            service.closed(c);
        }
    }

    @Override
    public void destroy() {
        closer.shutdownNow();
    }
}
