package im.load.traffic;

/**
 * What one receiving connection has seen of its conversation across the whole run: the highest
 * {@code seq} pushed to it (pushes must come in {@code seq} order). Touched only on the connection's
 * event-loop thread.
 */
public final class Receiver {

    final int index;
    long maxSeq = -1;
    volatile long deliveries; // over the whole run; one writer (the connection's event loop)

    public Receiver(int index) {
        this.index = index;
    }

    public int index() {
        return index;
    }

    /** Messages pushed to this receiver in every stage so far. */
    public long deliveries() {
        return deliveries;
    }
}
