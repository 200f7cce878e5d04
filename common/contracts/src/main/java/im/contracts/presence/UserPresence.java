package im.contracts.presence;

import java.time.Instant;
import java.util.List;

/**
 * A user's presence: online while at least one session exists.
 *
 * @param userId the user
 * @param sessions live sessions (devices), possibly on several gateways during a move
 * @param lastSeen when the user was last online (null if never)
 */
public record UserPresence(String userId, List<SessionInfo> sessions, Instant lastSeen) {

    public boolean online() {
        return !sessions.isEmpty();
    }

    /** Gateway nodes holding this user's sessions (where to deliver). */
    public List<String> nodes() {
        return sessions.stream().map(SessionInfo::node).distinct().toList();
    }

    public static UserPresence offline(String userId, Instant lastSeen) {
        return new UserPresence(userId, List.of(), lastSeen);
    }
}
