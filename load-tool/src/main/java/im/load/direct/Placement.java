package im.load.direct;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairs users so that the two users of a pair sit on different nodes: each pair takes one user from
 * each of the two nodes with the most users still unpaired. The node a user is on is whatever the
 * cluster welcomed it on after redirects, so this needs no knowledge of the ring.
 */
final class Placement {

    private Placement() {}

    /** Up to {@code wanted} cross-node pairs from users by node; fewer when the nodes run out. */
    static <U> List<List<U>> pairs(Map<String, ? extends List<U>> byNode, int wanted) {
        Map<String, Deque<U>> left = new LinkedHashMap<>();
        byNode.forEach((n, us) -> left.put(n, new java.util.ArrayDeque<>(us)));
        List<List<U>> out = new ArrayList<>();
        while (out.size() < wanted) {
            List<Deque<U>> biggest = left.values().stream()
                    .filter(d -> !d.isEmpty())
                    .sorted(Comparator.comparingInt(Deque<U>::size).reversed())
                    .limit(2)
                    .toList();
            if (biggest.size() < 2) {
                break;
            }
            out.add(List.of(biggest.get(0).pop(), biggest.get(1).pop()));
        }
        return out;
    }
}
