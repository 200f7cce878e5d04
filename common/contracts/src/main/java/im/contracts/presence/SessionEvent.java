package im.contracts.presence;

import java.time.Instant;
import java.util.List;

/**
 * What gateways tell presence, on the Kafka topic {@link #TOPIC} keyed by user id (or node id for
 * snapshots), so events of one user stay in order.
 *
 * @param type what happened
 * @param node the reporting gateway
 * @param userId the user (null for {@link Type#SNAPSHOT})
 * @param session the session opened or closed (null for {@link Type#SNAPSHOT})
 * @param sessions every live session of {@code node} ({@link Type#SNAPSHOT} only): presence makes
 *     Redis match it, which rebuilds statuses after Redis lost its data and repairs lost events
 * @param at when the gateway saw it
 */
public record SessionEvent(
        Type type, String node, String userId, SessionInfo session, List<UserSession> sessions, Instant at) {

    /** Topic carrying session events from gateways to presence. */
    public static final String TOPIC = "im.session";

    /** Kinds of event. */
    public enum Type {
        OPENED,
        CLOSED,
        SNAPSHOT
    }

    /** A session together with its user, in a snapshot. */
    public record UserSession(String userId, SessionInfo session) {}

    public static SessionEvent opened(String userId, SessionInfo s) {
        return new SessionEvent(Type.OPENED, s.node(), userId, s, List.of(), s.since());
    }

    public static SessionEvent closed(String userId, SessionInfo s, Instant at) {
        return new SessionEvent(Type.CLOSED, s.node(), userId, s, List.of(), at);
    }

    public static SessionEvent snapshot(String node, List<UserSession> sessions, Instant at) {
        return new SessionEvent(Type.SNAPSHOT, node, null, null, List.copyOf(sessions), at);
    }
}
