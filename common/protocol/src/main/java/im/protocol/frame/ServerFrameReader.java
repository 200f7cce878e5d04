package im.protocol.frame;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads server frames, for clients (the reference client) and tests. Lenient as a client should be:
 * unknown fields are ignored, an unknown {@code type} is null (a newer server may send more kinds).
 */
final class ServerFrameReader {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private ServerFrameReader() {}

    /** The frame in {@code text}, or null for a type this client does not know; throws on non-JSON. */
    static ServerFrame read(String text) {
        Map<String, Object> f;
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), text)) {
            p.nextToken();
            f = object(p, text);
        }
        return frame(f);
    }

    private static ServerFrame frame(Map<String, Object> f) {
        String type = str(f, "type");
        if (type == null) {
            return null;
        }
        Ref ref = f.get("ref") instanceof Ref r ? r : null;
        return switch (type) {
            case "welcome" ->
                new ServerFrame.Welcome(
                        str(f, "sessionId"),
                        str(f, "userId"),
                        str(f, "node"),
                        num(f, "heartbeatMillis"),
                        num(f, "idleTimeoutMillis"));
            case "redirect" -> new ServerFrame.Redirect(str(f, "node"), str(f, "url"));
            case "pong" -> new ServerFrame.Pong(ref);
            case "subscribed" -> new ServerFrame.Subscribed(ref, strings(f, "users"));
            case "unsubscribed" -> new ServerFrame.Unsubscribed(ref, strings(f, "users"));
            case "presence" ->
                new ServerFrame.Presence(
                        str(f, "userId"),
                        Boolean.TRUE.equals(f.get("online")),
                        strings(f, "devices"),
                        str(f, "lastSeen"));
            case "accepted" ->
                new ServerFrame.Accepted(
                        str(f, "clientMsgId"), str(f, "id"), str(f, "conv"), num(f, "seq"), num(f, "storedAt"));
            case "message" -> message(f);
            case "messages" ->
                new ServerFrame.Messages(
                        ref,
                        str(f, "conv"),
                        num(f, "lastSeq"),
                        maps(f, "messages").stream()
                                .map(ServerFrameReader::message)
                                .toList(),
                        Boolean.TRUE.equals(f.get("more")),
                        num(f, "peerDelivered"));
            case "delivered" -> new ServerFrame.Delivered(str(f, "conv"), num(f, "seq"), str(f, "user"));
            case "sync_state" ->
                new ServerFrame.SyncState(
                        ref,
                        maps(f, "conversations").stream()
                                .map(c -> new ServerFrame.ConversationState(
                                        str(c, "conv"), num(c, "lastSeq"), num(c, "delivered")))
                                .toList(),
                        Boolean.TRUE.equals(f.get("more")));
            case "error" -> new ServerFrame.Error(str(f, "code"), str(f, "message"), ref, str(f, "clientMsgId"));
            default -> null;
        };
    }

    private static ServerFrame.Message message(Map<String, Object> m) {
        return new ServerFrame.Message(
                str(m, "id"),
                str(m, "conv"),
                num(m, "seq"),
                str(m, "from"),
                str(m, "to"),
                str(m, "clientMsgId"),
                str(m, "body"),
                num(m, "sentAt"),
                num(m, "storedAt"));
    }

    /** An object as a map; a {@code ref} member is kept as its JSON text. */
    private static Map<String, Object> object(JsonParser p, String text) {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("a frame is a JSON object");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (String name = p.nextName(); name != null; name = p.nextName()) {
            p.nextToken();
            if (name.equals("ref") && p.currentToken() != JsonToken.VALUE_NULL) {
                int start = (int) p.currentTokenLocation().getCharOffset();
                if (p.currentToken().isStructStart()) {
                    p.skipChildren();
                } else {
                    p.finishToken();
                }
                out.put(
                        name,
                        new Ref(text.substring(start, (int) p.currentLocation().getCharOffset())
                                .strip()));
            } else {
                out.put(name, value(p, text));
            }
        }
        return out;
    }

    private static Object value(JsonParser p, String text) {
        return switch (p.currentToken()) {
            case START_OBJECT -> object(p, text);
            case START_ARRAY -> {
                List<Object> items = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    items.add(value(p, text));
                }
                yield items;
            }
            case VALUE_STRING -> p.getString();
            case VALUE_NUMBER_INT -> p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            default -> null;
        };
    }

    private static String str(Map<String, Object> f, String name) {
        return f.get(name) instanceof String s ? s : null;
    }

    private static long num(Map<String, Object> f, String name) {
        return f.get(name) instanceof Long l ? l : 0;
    }

    private static List<String> strings(Map<String, Object> f, String name) {
        return list(f, name).stream().map(String::valueOf).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Map<String, Object> f, String name) {
        return list(f, name).stream()
                .filter(Map.class::isInstance)
                .map(o -> (Map<String, Object>) o)
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Map<String, Object> f, String name) {
        return f.get(name) instanceof List<?> l ? (List<T>) l : List.of();
    }
}
