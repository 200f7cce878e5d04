package im.common.presence;

import tools.jackson.databind.json.JsonMapper;

/** JSON for everything presence puts on Kafka and Redis. */
public final class PresenceCodec {

    private static final JsonMapper JSON =
            JsonMapper.builder().findAndAddModules().build();

    private PresenceCodec() {}

    public static String write(Object value) {
        return JSON.writeValueAsString(value);
    }

    public static <T> T read(String json, Class<T> type) {
        return JSON.readValue(json, type);
    }
}
