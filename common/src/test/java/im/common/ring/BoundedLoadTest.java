package im.common.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BoundedLoadTest {

    @Test
    void noNodeExceedsItsCapWhilePlacingKeysOneByOne() {
        Ring ring = Ring.of(IntStream.range(0, 5).mapToObj(i -> "gw-" + i).toList(), 4);
        BoundedLoad bounded = new BoundedLoad(0.10);
        Map<String, Integer> load = new HashMap<>();
        int keys = 20_000;
        for (int i = 0; i < keys; i++) {
            String node = bounded.nodeFor(ring, "user-" + i, n -> load.getOrDefault(n, 0));
            load.merge(node, 1, Integer::sum);
        }
        int max = load.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        assertThat(max).isLessThanOrEqualTo((int) Math.ceil(1.10 * keys / 5));
        // With only 4 points per node the plain ring is far less even: the mode is what balances.
        assertThat(RingStats.measure(ring, keys).maxOverMean()).isGreaterThan(1.10);
    }

    @Test
    void anUnloadedClusterPlacesKeysOnTheirRingOwner() {
        Ring ring = Ring.of(List.of("a", "b", "c"), 64);
        BoundedLoad bounded = new BoundedLoad(0.25);
        for (int i = 0; i < 100; i++) {
            assertThat(bounded.nodeFor(ring, "u" + i, n -> 0)).isEqualTo(ring.nodeFor("u" + i));
        }
    }

    @Test
    void anOverloadedOwnerOverflowsToTheNextOwner() {
        Ring ring = Ring.of(List.of("a", "b", "c"), 64);
        String key = "user-7";
        List<String> owners = ring.owners(key, 3);
        String chosen = new BoundedLoad(0.25).nodeFor(ring, key, n -> n.equals(owners.get(0)) ? 100 : 0);
        assertThat(chosen).isEqualTo(owners.get(1));
    }

    @Test
    void epsilonMustBePositive() {
        assertThatThrownBy(() -> new BoundedLoad(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
