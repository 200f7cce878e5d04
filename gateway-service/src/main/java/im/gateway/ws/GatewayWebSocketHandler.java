package im.gateway.ws;

import im.common.error.ImException;
import im.gateway.client.Frame;
import im.gateway.connection.ConnectionService;
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

/** WebSocket transport: JSON text frames in and out; all decisions are {@link ConnectionService}'s. */
@Component
class GatewayWebSocketHandler extends TextWebSocketHandler {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final ConnectionService service;
    private final Map<String, WsConnection> connections = new java.util.concurrent.ConcurrentHashMap<>();

    GatewayWebSocketHandler(ConnectionService service) {
        this.service = service;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        WsConnection c = new WsConnection(session);
        if (session.getAttributes().get(AuthHandshakeInterceptor.REFUSAL) instanceof ImException refusal) {
            c.close(refusal.code(), refusal.getMessage());
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
            service.closed(c);
        }
    }
}
