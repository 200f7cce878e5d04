package im.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The committed vectors, written by an earlier JVM, must still hold: the mapping survives restarts. */
class RingVectorsTest {

    @Test
    void committedVectorsMatchTheImplementation() throws Exception {
        JsonNode root = RingVectors.JSON.readTree(Files.readString(RingVectors.FILE));
        int lookups = 0;
        for (JsonNode c : root.get("cases")) {
            Map<String, Integer> members = new LinkedHashMap<>();
            c.get("members")
                    .properties()
                    .forEach(e -> members.put(e.getKey(), e.getValue().asInt()));
            Ring ring = Ring.of(members, c.get("virtualNodes").asInt());
            assertThat(ring.signature()).isEqualTo(c.get("signature").asString());
            for (JsonNode l : c.get("lookups")) {
                String key = l.get("key").asString();
                assertThat(ring.nodeFor(key)).as(key).isEqualTo(l.get("owner").asString());
                List<String> owners3 =
                        l.get("owners3").valueStream().map(JsonNode::asString).toList();
                assertThat(ring.owners(key, 3)).as(key).isEqualTo(owners3);
                lookups++;
            }
        }
        for (JsonNode h : root.get("keyHashes")) {
            assertThat(Long.toUnsignedString(Murmur3.hash64(h.get("key").asString())))
                    .isEqualTo(h.get("hash64").asString());
        }
        assertThat(lookups).isGreaterThanOrEqualTo(50);
    }
}
