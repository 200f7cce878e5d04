package im.ring;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.Hashing;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Properties of movement under membership change, checked over random layouts. */
class RingMovementTest {

    private static final int KEYS = 5_000;

    @Property(tries = 40)
    void removingANodeMovesOnlyThatNodesKeys(
            @ForAll @IntRange(min = 2, max = 12) int n,
            @ForAll @IntRange(min = 1, max = 200) int virtualNodes,
            @ForAll @IntRange(min = 0, max = 11) int removedIndex,
            @ForAll @IntRange(min = 0, max = 1000) int salt) {
        List<String> nodes = nodes(n, salt);
        String removed = nodes.get(removedIndex % n);
        Ring before = Ring.of(nodes, virtualNodes);
        Ring after = Ring.of(nodes.stream().filter(x -> !x.equals(removed)).toList(), virtualNodes);
        for (int i = 0; i < KEYS; i++) {
            String key = "k" + salt + "-" + i;
            String was = before.nodeFor(key);
            if (!was.equals(removed)) {
                assertThat(after.nodeFor(key)).as(key).isEqualTo(was);
            }
        }
    }

    @Property(tries = 40)
    void addingANodeMovesKeysOnlyToIt(
            @ForAll @IntRange(min = 1, max = 12) int n,
            @ForAll @IntRange(min = 1, max = 200) int virtualNodes,
            @ForAll @IntRange(min = 1, max = 3) int weight,
            @ForAll @IntRange(min = 0, max = 1000) int salt) {
        List<String> nodes = nodes(n, salt);
        Map<String, Integer> grown = new TreeMap<>();
        nodes.forEach(x -> grown.put(x, 1));
        grown.put("joiner-" + salt, weight);
        Ring before = Ring.of(nodes, virtualNodes);
        Ring after = Ring.of(grown, virtualNodes);
        for (int i = 0; i < KEYS; i++) {
            String key = "k" + salt + "-" + i;
            String now = after.nodeFor(key);
            if (!now.equals("joiner-" + salt)) {
                assertThat(now).as(key).isEqualTo(before.nodeFor(key));
            }
        }
    }

    @Property(tries = 30)
    void agreesWithANaiveTreeMapImplementationOfTheSpec(
            @ForAll @IntRange(min = 1, max = 8) int n,
            @ForAll @IntRange(min = 1, max = 50) int virtualNodes,
            @ForAll @IntRange(min = 0, max = 1000) int salt) {
        List<String> nodes = nodes(n, salt);
        Ring ring = Ring.of(nodes, virtualNodes);
        // Independent reading of docs/ring-spec.md: Guava's Murmur3, unsigned order via TreeMap.
        TreeMap<Long, String> naive = new TreeMap<>(Long::compareUnsigned);
        for (String node : nodes) {
            for (int r = 0; r < virtualNodes; r++) {
                byte[] id = node.getBytes(StandardCharsets.UTF_8);
                byte[] in = ByteBuffer.allocate(id.length + 4).put(id).putInt(r).array();
                long h = Hashing.murmur3_128(0).hashBytes(in).asLong();
                naive.merge(h, node, (a, b) -> a.compareTo(b) <= 0 ? a : b);
            }
        }
        for (int i = 0; i < 500; i++) {
            String key = "k" + salt + "-" + i;
            long h = Hashing.murmur3_128(0)
                    .hashString(key, StandardCharsets.UTF_8)
                    .asLong();
            Map.Entry<Long, String> e = naive.ceilingEntry(h);
            String expected = (e != null ? e : naive.firstEntry()).getValue();
            assertThat(ring.nodeFor(key)).as(key).isEqualTo(expected);
        }
    }

    private static List<String> nodes(int n, int salt) {
        List<String> out = new ArrayList<>();
        IntStream.range(0, n).forEach(i -> out.add("node-" + salt + "-" + i));
        return out;
    }
}
