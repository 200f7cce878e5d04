package im.gateway.client;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A protocol frame: a JSON object with a {@code type} and fields (docs/protocol.md). Kept as a map so
 * that the transport layer is the only place that knows JSON.
 */
public record Frame(String type, Map<String, Object> fields) {

    public static Frame of(String type, Object... keyValues) {
        Map<String, Object> f = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            f.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new Frame(type, f);
    }

    /** The frame as one JSON-ready map with {@code type} first. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.putAll(fields);
        return m;
    }
}
