package im.load.run;

import im.load.traffic.MessageBook;

/** A traffic mode as the sweep drives it: connected sessions that send on the schedule's command. */
public interface Traffic {

    /** Receiving connections (the size of a stage's per-receiver state). */
    int receivers();

    /** How many receivers each accepted message must reach. */
    int expectedPerMessage();

    /** From now on frames count into {@code book}. */
    void install(MessageBook book);

    /** Sends message {@code i} of {@code book}, due at {@code dueNanos}. */
    void send(MessageBook book, int i, long dueNanos);

    /** Sessions that closed since the run started (close code → count). */
    java.util.Map<Integer, Long> closed();
}
