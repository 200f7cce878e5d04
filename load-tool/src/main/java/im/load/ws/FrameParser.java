package im.load.ws;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads the top-level fields the load tool needs from a frame's UTF-8 bytes with Jackson's streaming
 * parser: no tree, nested values ({@code messages}, {@code ref}) are skipped. This keeps the tool's
 * own CPU per frame small next to the server's.
 */
public final class FrameParser {

    private static final JsonFactory JSON = new JsonFactory();

    private FrameParser() {}

    /** Fills {@code into} from {@code json[offset, offset + length)}; returns it. */
    public static Frame parse(byte[] json, int offset, int length, Frame into) {
        into.reset();
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), json, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return into;
            }
            String name;
            while ((name = p.nextName()) != null) {
                JsonToken value = p.nextToken();
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                field(name, p, value, into);
            }
        }
        return into;
    }

    private static void field(String name, JsonParser p, JsonToken value, Frame f) {
        if (value == JsonToken.VALUE_NULL) {
            return;
        }
        switch (name) {
            case "type" -> f.type = p.getString();
            case "conv" -> f.conv = p.getString();
            case "seq" -> f.seq = p.getLongValue();
            case "clientMsgId" -> f.clientMsgId = p.getString();
            case "body" -> f.body = p.getString();
            case "sentAt" -> f.sentAt = p.getLongValue();
            case "storedAt" -> f.storedAt = p.getLongValue();
            case "node" -> f.node = p.getString();
            case "url" -> f.url = p.getString();
            case "code" -> f.code = p.getString();
            case "heartbeatMillis" -> f.heartbeatMillis = p.getLongValue();
            default -> {}
        }
    }
}
