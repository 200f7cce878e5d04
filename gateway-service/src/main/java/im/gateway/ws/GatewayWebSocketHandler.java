package im.gateway.ws;

import im.gateway.client.Frame;
import im.gateway.connection.ConnectionService;
import im.gateway.connection.Drain;
import im.protocol.ErrorCode;
import im.protocol.ImException;
import im.web.error.ErrorMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * WebSocket transport: JSON text frames in and out; all decisions are {@link ConnectionService}'s,
 * except refusing every new connection once an operator drained the node ({@code node_draining}).
 * Every catalogued error sent to a client is counted ({@code im_errors_total{transport="websocket"}}).
 */
@Component
class GatewayWebSocketHandler extends TextWebSocketHandler {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final ConnectionService service;
    private final Drain drain;
    private final ErrorMetrics errors;
    private final Map<String, WsConnection> connections = new java.util.concurrent.ConcurrentHashMap<>();

    GatewayWebSocketHandler(ConnectionService service, Drain drain, MeterRegistry registry) {
        this.service = service;
        this.drain = drain;
        this.errors = new ErrorMetrics(registry, ErrorMetrics.Transport.WEBSOCKET);
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        WsConnection c = new WsConnection(session, errors);
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
        JsonNode node;
        try {
            node = JSON.readTree(message.getPayload());
        } catch (JacksonException e) {
            service.onUnreadable(c, "not JSON");
            return;
        }
        if (node == null || !node.isObject() || !node.path("type").isString()) {
            service.onUnreadable(c, "a frame is a JSON object with a string 'type'");
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        node.properties().forEach(e -> {
            if (!e.getKey().equals("type")) {
                fields.put(e.getKey(), JSON.treeToValue(e.getValue(), Object.class));
            }
        });
        service.onFrame(c, new Frame(node.get("type").asString(), fields));
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
}
