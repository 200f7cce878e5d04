package im.common.ring;

import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Consistent hashing with bounded loads (Mirrokni, Thorup, Zadimoghaddam, 2018): a key goes to the
 * first node clockwise whose live load is under {@code ceil((1 + ε) · (load + 1) · weight / W)}.
 * Off by default; worth enabling when sessions are very uneven per key or the cluster is small
 * enough (a handful of nodes) that the ring's own spread matters. It trades placement stability
 * for balance: a key may move when loads change, not only when membership does.
 */
public final class BoundedLoad {

    private final double epsilon;

    /** @param epsilon allowed overload above the weighted mean, e.g. 0.25 for 25 % (must be &gt; 0) */
    public BoundedLoad(double epsilon) {
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("epsilon must be > 0, was " + epsilon);
        }
        this.epsilon = epsilon;
    }

    /**
     * The node {@code key} should be placed on, given each node's current load (the load of the
     * key itself not yet counted).
     */
    public String nodeFor(Ring ring, String key, ToIntFunction<String> load) {
        List<String> order = ring.owners(key, ring.size());
        long total = 1;
        long weightSum = 0;
        for (String node : order) {
            total += load.applyAsInt(node);
            weightSum += ring.weight(node);
        }
        for (String node : order) {
            if (load.applyAsInt(node) < capacity(total, ring.weight(node), weightSum)) {
                return node;
            }
        }
        return order.get(0); // unreachable while ε > 0: some node is always under the mean
    }

    /** The largest load a node of {@code weight} may hold once {@code total} keys are placed. */
    long capacity(long total, int weight, long weightSum) {
        return (long) Math.ceil((1 + epsilon) * total * weight / (double) weightSum);
    }
}
