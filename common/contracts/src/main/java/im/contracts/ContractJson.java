package im.contracts;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON policy of everything services exchange (Kafka records, Redis values, internal REST
 * bodies): records as objects, {@code java.time} values as ISO-8601 strings, unknown fields ignored.
 */
public final class ContractJson {

    private static final JsonMapper JSON = JsonMapper.builder()
            // Newer producers may add fields; an older consumer keeps working during a rolling update.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ContractJson() {}

    public static String write(Object value) {
        return JSON.writeValueAsString(value);
    }

    /** Parses {@code json}; a Jackson exception (unchecked) if it is not a {@code type}. */
    public static <T> T read(String json, Class<T> type) {
        return JSON.readValue(json, type);
    }
}
