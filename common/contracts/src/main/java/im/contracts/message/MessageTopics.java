package im.contracts.message;

/**
 * The Kafka topics of the message path (docs/architecture.md):
 *
 * <ul>
 *   <li>{@link #INBOUND}: gateways → routing, what clients send, keyed by conversation id so one
 *       conversation is processed in order by one consumer;
 *   <li>{@link #nodeQueue}: routing → one gateway, its own queue; only that gateway consumes it;
 *   <li>{@link #RECEIPTS}: gateways → routing, delivered cursors, keyed by user.
 * </ul>
 */
public final class MessageTopics {

    public static final String INBOUND = "im.inbound";
    public static final String RECEIPTS = "im.receipt";
    private static final String NODE_QUEUE_PREFIX = "im.node.";

    private MessageTopics() {}

    /** The queue topic of gateway {@code nodeId}. */
    public static String nodeQueue(String nodeId) {
        return NODE_QUEUE_PREFIX + nodeId;
    }
}
