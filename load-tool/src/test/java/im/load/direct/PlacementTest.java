package im.load.direct;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlacementTest {

    @Test
    void everyPairSpansTwoNodes() {
        Map<String, List<String>> byNode = new LinkedHashMap<>();
        byNode.put("gw-1", List.of("a1", "a2", "a3", "a4", "a5"));
        byNode.put("gw-2", List.of("b1", "b2"));
        byNode.put("gw-3", List.of("c1", "c2"));
        List<List<String>> pairs = Placement.pairs(byNode, 10);
        assertThat(pairs).hasSize(4);
        for (List<String> p : pairs) {
            assertThat(p.get(0).charAt(0)).isNotEqualTo(p.get(1).charAt(0));
        }
    }

    @Test
    void noPairsFromOneNode() {
        assertThat(Placement.pairs(Map.of("gw-1", List.of("a", "b", "c", "d")), 2))
                .isEmpty();
    }

    @Test
    void stopsAtTheNumberWanted() {
        assertThat(Placement.pairs(Map.of("x", List.of("1", "2", "3"), "y", List.of("4", "5", "6")), 2))
                .hasSize(2);
    }
}
