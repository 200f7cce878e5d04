package im.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RingTest {

    private static final List<String> TEN =
            IntStream.range(0, 10).mapToObj(i -> "gw-" + i).toList();

    @Test
    void murmurMatchesGuavaReferenceForEveryTailLength() {
        StringBuilder s = new StringBuilder();
        for (int len = 0; len < 70; len++) {
            String key = s.toString();
            assertThat(Murmur3.hash64(key))
                    .as("length %d", len)
                    .isEqualTo(Hashing.murmur3_128(0)
                            .hashString(key, StandardCharsets.UTF_8)
                            .asLong());
            s.append((char) ('a' + len % 26));
        }
    }

    @Test
    void murmurEncodesNonAsciiKeysAsUtf8() {
        for (String key :
                List.of("ü", "用户-42", "emoji-😀", "lone-\ud800-surrogate", "€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€")) {
            assertThat(Murmur3.hash64(key))
                    .as(key)
                    .isEqualTo(Hashing.murmur3_128(0)
                            .hashBytes(key.getBytes(StandardCharsets.UTF_8))
                            .asLong());
        }
    }

    @Test
    void goldenTableOfOwnersIsStable() {
        // Fixed expectations: a change here means every deployed client's placement changes.
        Ring ring = Ring.of(List.of("gw-0", "gw-1", "gw-2"), 512);
        Map<String, String> actual = new LinkedHashMap<>();
        for (String k : List.of("alice", "bob", "user-0", "user-1", "user-42", "user-999999")) {
            actual.put(k, ring.nodeFor(k));
        }
        assertThat(actual)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "alice", "gw-0",
                        "bob", "gw-2",
                        "user-0", "gw-0",
                        "user-1", "gw-0",
                        "user-42", "gw-0",
                        "user-999999", "gw-2"));
        assertThat(ring.signature()).isEqualTo("7a819200cdf75049");
    }

    @Test
    void ownersListsDistinctNodesStartingWithTheOwner() {
        Ring ring = Ring.of(TEN, 64);
        for (int i = 0; i < 1000; i++) {
            String key = "user-" + i;
            List<String> owners = ring.owners(key, 3);
            assertThat(owners).hasSize(3).doesNotHaveDuplicates().startsWith(ring.nodeFor(key));
        }
        assertThat(ring.owners("x", 20)).hasSize(10).containsExactlyInAnyOrderElementsOf(TEN);
        assertThat(ring.owners("x", 0)).isEmpty();
    }

    @Test
    void secondOwnerTakesOverWhenTheOwnerLeaves() {
        Ring ring = Ring.of(TEN, 64);
        for (int i = 0; i < 2000; i++) {
            String key = "user-" + i;
            List<String> owners = ring.owners(key, 2);
            Ring without =
                    Ring.of(TEN.stream().filter(n -> !n.equals(owners.get(0))).toList(), 64);
            assertThat(without.nodeFor(key)).isEqualTo(owners.get(1));
        }
    }

    @Test
    void signatureDependsOnMembershipWeightsAndVirtualNodesButNotOnInputOrder() {
        Ring a = Ring.of(List.of("gw-0", "gw-1", "gw-2"), 128);
        assertThat(Ring.of(List.of("gw-2", "gw-0", "gw-1"), 128).signature()).isEqualTo(a.signature());
        assertThat(Ring.of(List.of("gw-0", "gw-1"), 128).signature()).isNotEqualTo(a.signature());
        assertThat(Ring.of(List.of("gw-0", "gw-1", "gw-2"), 129).signature()).isNotEqualTo(a.signature());
        assertThat(Ring.of(Map.of("gw-0", 1, "gw-1", 1, "gw-2", 2), 128).signature())
                .isNotEqualTo(a.signature());
        assertThat(a.signature()).matches("[0-9a-f]{16}");
    }

    @Test
    void sharesSumToOneAndFollowWeights() {
        Ring ring = Ring.of(Map.of("small", 1, "big", 3), 1024);
        Map<String, Double> shares = ring.shares();
        assertThat(shares.values().stream().mapToDouble(Double::doubleValue).sum())
                .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(shares.get("big")).isBetween(0.70, 0.80);
        assertThat(ring.pointsOf("big")).isEqualTo(3 * 1024);
        assertThat(ring.pointsOf("absent")).isZero();
    }

    @Test
    void singleNodeOwnsEverything() {
        Ring ring = Ring.of(List.of("only"), 4);
        assertThat(ring.nodeFor("anything")).isEqualTo("only");
        assertThat(ring.shares()).containsEntry("only", 1.0);
    }

    @Test
    void emptyRingRefusesLookupsWithAClearError() {
        Ring ring = Ring.of(List.of(), 16);
        assertThat(ring.isEmpty()).isTrue();
        assertThatThrownBy(() -> ring.nodeFor("a")).isInstanceOf(NoSuchElementException.class);
        assertThat(ring.owners("a", 3)).isEmpty();
    }

    @Test
    void invalidMembershipIsRejected() {
        assertThatThrownBy(() -> Ring.of(Map.of("a", 0), 16)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ring.of(List.of(""), 16)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ring.of(List.of("a"), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void lookupsAllocateNothing() {
        Ring ring = Ring.of(TEN, Ring.DEFAULT_VIRTUAL_NODES);
        String[] keys = IntStream.range(0, 10_000).mapToObj(i -> "user-" + i).toArray(String[]::new);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        int sink = 0;
        for (String k : keys) {
            sink += ring.nodeFor(k).length(); // first use sizes the per-thread buffer
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int round = 0; round < 10; round++) {
            for (String k : keys) {
                sink += ring.nodeFor(k).length();
            }
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(sink).isPositive();
        // 100,000 lookups; anything per lookup would show as megabytes. Allow the probe's own noise.
        assertThat(allocated).isLessThan(4_096);
    }

    @Test
    void defaultVirtualNodesKeepTenNodesWithinTenPercentOfTheMean() {
        RingStats stats = RingStats.measure(Ring.of(TEN, Ring.DEFAULT_VIRTUAL_NODES), 1_000_000);
        assertThat(stats.maxOverMean()).isLessThanOrEqualTo(1.10);
    }
}
