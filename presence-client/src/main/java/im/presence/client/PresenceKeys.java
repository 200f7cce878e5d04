package im.presence.client;

import im.contracts.presence.SessionInfo;
import im.contracts.presence.UserPresence;

/**
 * Redis names shared by presence-service (the writer) and {@link PresenceReader} (every reader).
 *
 * <ul>
 *   <li>{@code presence:user:<id>} hash: field = session id, value = {@link SessionInfo} JSON; field
 *       {@code ~lastSeen} = ISO instant; absent key = "not in Redis, ask the database"
 *   <li>{@code presence:node:<node>} set of {@code <userId> <sessionId>}: what to clear when the node dies
 *   <li>{@code presence:blocks:<id>} set of blocked user ids, with the member {@code ~loaded} so that an
 *       empty list is distinguishable from a missing key
 *   <li>channels {@code im:presence} (status changes, {@link UserPresence} JSON) and {@code
 *       im:presence:blocks} (block-list invalidations)
 * </ul>
 */
public final class PresenceKeys {

    public static final String LAST_SEEN_FIELD = "~lastSeen";
    public static final String LOADED_MARKER = "~loaded";
    public static final String BLOCKS_CHANNEL = "im:presence:blocks";

    private PresenceKeys() {}

    public static String user(String userId) {
        return "presence:user:" + userId;
    }

    public static String node(String nodeId) {
        return "presence:node:" + nodeId;
    }

    public static String blocks(String userId) {
        return "presence:blocks:" + userId;
    }

    /** Counter a block-list change waits on until every cache applied it. */
    public static String blockAcks(String changeId) {
        return "presence:blocks:ack:" + changeId;
    }
}
