package im.gateway.session;

/**
 * Told when a user's first session on this node opens and when their last one closes. Called while
 * the registry holds that user's entry, so calls for one user never overtake each other: keep them short.
 */
public interface SessionListener {

    void arrived(String userId);

    void left(String userId);
}
