package im.gateway.session;

/**
 * Told about sessions opening and closing. {@link #arrived} and {@link #left} run while the registry
 * holds that user's entry, so the calls for one user never overtake each other: keep them short and
 * never block in them.
 */
public interface SessionListener {

    /** {@code userId}'s first session on this node opened. */
    default void arrived(String userId) {}

    /** {@code userId}'s last session on this node closed. */
    default void left(String userId) {}

    /** {@code session} closed: release whatever is kept for it. */
    default void closed(ClientSession session) {}
}
