package im.presence.api;

import im.contracts.presence.SessionInfo;
import im.contracts.presence.UserPresence;
import java.time.Instant;
import java.util.List;

/**
 * A user's status as clients see it: online, the names of the connected devices, last seen. Not the
 * gateway nodes that hold the sessions: where users are is the cluster's business, not other users'.
 *
 * @param userId the user
 * @param online whether at least one device is connected
 * @param devices the connected devices' names, distinct, in session order
 * @param lastSeen when the user was last online (ISO-8601), null when never seen or while online
 *     records it not yet
 */
public record PresenceView(String userId, boolean online, List<String> devices, Instant lastSeen) {

    static PresenceView of(UserPresence p) {
        return new PresenceView(
                p.userId(),
                p.online(),
                p.sessions().stream().map(SessionInfo::device).distinct().toList(),
                p.lastSeen());
    }
}
