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
 * @param sessions the live sessions of {@code node} ({@link Type#SNAPSHOT} only; this part of them):
 *     presence makes Redis match the whole list, which rebuilds statuses after Redis lost its data and
 *     repairs lost events
 * @param at when the gateway saw it
 * @param snapshotId {@link Type#SNAPSHOT} only: the snapshot this part belongs to
 * @param part {@link Type#SNAPSHOT} only: this part's place, 0 to {@code parts - 1}. A node's snapshot
 *     comes in parts so that no record outgrows Kafka's limit however many sessions the node holds;
 *     the parts are keyed by node, so they arrive in order, and presence reconciles once it has all
 * @param parts {@link Type#SNAPSHOT} only: how many parts the snapshot has (0 from an older gateway: 1)
 */
public record SessionEvent(
        Type type,
        String node,
        String userId,
        SessionInfo session,
        List<UserSession> sessions,
        Instant at,
        String snapshotId,
        int part,
        int parts) {

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
        return new SessionEvent(Type.OPENED, s.node(), userId, s, List.of(), s.since(), null, 0, 0);
    }

    public static SessionEvent closed(String userId, SessionInfo s, Instant at) {
        return new SessionEvent(Type.CLOSED, s.node(), userId, s, List.of(), at, null, 0, 0);
    }

    /** A snapshot in one part. */
    public static SessionEvent snapshot(String node, List<UserSession> sessions, Instant at) {
        return snapshotPart(node, sessions, at, java.util.UUID.randomUUID().toString(), 0, 1);
    }

    /** Part {@code part} of {@code parts} of the snapshot {@code snapshotId}. */
    public static SessionEvent snapshotPart(
            String node, List<UserSession> sessions, Instant at, String snapshotId, int part, int parts) {
        return new SessionEvent(Type.SNAPSHOT, node, null, null, List.copyOf(sessions), at, snapshotId, part, parts);
    }

    /** How many parts this snapshot has (an older gateway's has one). */
    public int partCount() {
        return Math.max(1, parts);
    }
}
