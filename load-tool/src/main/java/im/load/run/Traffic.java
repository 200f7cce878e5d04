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

    /**
     * The stage of {@code book} is over ({@code sent} messages went out): a chance to break its losses
     * down by what only the mode knows, such as the node of the sender and of the receiver.
     */
    default void stageOver(MessageBook book, int sent) {}

    /** Sessions that closed since the run started (close code → count). */
    java.util.Map<Integer, Long> closed();
}
