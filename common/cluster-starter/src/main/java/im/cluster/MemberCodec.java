package im.cluster;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The JSON value stored for a member in Redis and etcd: {@code {address, weight, startedAt, updatedAt}}. */
public final class MemberCodec {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private MemberCodec() {}

    public static String encode(Member m) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("address", m.address());
        v.put("weight", m.weight());
        v.put("startedAt", m.startedAt().toString());
        v.put("updatedAt", m.updatedAt().toString());
        return JSON.writeValueAsString(v);
    }

    /** Decodes the value stored for {@code id}; throws IllegalArgumentException when it is not ours. */
    public static Member decode(String id, String json) {
        try {
            JsonNode n = JSON.readTree(json);
            return new Member(
                    id,
                    n.get("address").asString(),
                    n.get("weight").asInt(),
                    Instant.parse(n.get("startedAt").asString()),
                    Instant.parse(n.get("updatedAt").asString()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad member value for " + id + ": " + json, e);
        }
    }
}
