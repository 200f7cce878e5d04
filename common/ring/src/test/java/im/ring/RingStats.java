package im.ring;

import java.util.HashMap;
import java.util.Map;

/** Key counts per node for keys {@code user-0 … user-(m-1)}: the balance a report or test inspects. */
record RingStats(Map<String, Integer> counts, int keys) {

    static RingStats measure(Ring ring, int keys) {
        Map<String, Integer> counts = new HashMap<>();
        ring.nodes().forEach(n -> counts.put(n, 0));
        for (int i = 0; i < keys; i++) {
            counts.merge(ring.nodeFor("user-" + i), 1, Integer::sum);
        }
        return new RingStats(counts, keys);
    }

    double mean() {
        return (double) keys / counts.size();
    }

    double maxOverMean() {
        return counts.values().stream().mapToInt(Integer::intValue).max().orElse(0) / mean();
    }

    double stddevOverMean() {
        double mean = mean();
        double var = counts.values().stream()
                        .mapToDouble(c -> (c - mean) * (c - mean))
                        .sum()
                / counts.size();
        return Math.sqrt(var) / mean;
    }
}
