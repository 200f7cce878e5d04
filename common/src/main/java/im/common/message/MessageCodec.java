package im.common.message;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** JSON for the records of the message path on Kafka and between services. */
public final class MessageCodec {

    private static final JsonMapper JSON = JsonMapper.builder()
            // Newer producers may add fields; an older consumer keeps working during a rolling update.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private MessageCodec() {}

    public static String write(Object value) {
        return JSON.writeValueAsString(value);
    }

    /** Parses {@code json}; a Jackson exception (unchecked) if it is not a {@code type}. */
    public static <T> T read(String json, Class<T> type) {
        return JSON.readValue(json, type);
    }
}
