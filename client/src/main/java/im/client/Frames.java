package im.client;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** JSON frames in and out. */
final class Frames {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Frames() {}

    static JsonNode parse(String text) {
        return JSON.readTree(text);
    }

    static String of(String type, Object... keyValues) {
        ObjectNode f = JSON.createObjectNode();
        f.put("type", type);
        for (int i = 0; i < keyValues.length; i += 2) {
            f.set((String) keyValues[i], JSON.valueToTree(keyValues[i + 1]));
        }
        return JSON.writeValueAsString(f);
    }

    static Message message(JsonNode m) {
        return new Message(
                m.get("id").asString(),
                m.get("conv").asString(),
                m.get("seq").asLong(),
                m.get("from").asString(),
                m.get("to").asString(),
                m.get("clientMsgId").asString(),
                m.get("body").asString(),
                m.path("sentAt").asLong(),
                m.path("storedAt").asLong());
    }
}
