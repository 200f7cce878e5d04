package im.presence.session;

import im.contracts.ContractJson;
import im.contracts.presence.SessionEvent;
import im.contracts.presence.SessionInfo;
import im.contracts.presence.UserPresence;
import im.presence.client.PresenceKeys;
import im.presence.client.PresenceReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The writer of live presence. Every change goes to Redis (so a late reader finds it), is published
 * on {@code im:presence} (so caches refresh at once) and, for online/offline transitions, to
 * PostgreSQL (last seen survives Redis). Methods are synchronized: Kafka events and membership
 * events (a dead gateway) touch the same users, and each change is read-modify-publish.
 */
@Component
public class SessionTracker {

    private static final Logger log = LoggerFactory.getLogger(SessionTracker.class);
    /** How long a closed session stays closed against late snapshots: far beyond any event lag. */
    static final Duration TOMBSTONE_TTL = Duration.ofMinutes(5);

    private final StringRedisTemplate redis;
    private final LastSeenStore lastSeen;
    private final Clock clock;

    SessionTracker(StringRedisTemplate redis, LastSeenStore lastSeen, Clock clock) {
        this.redis = redis;
        this.lastSeen = lastSeen;
        this.clock = clock;
    }

    /** Applies one gateway event. */
    public synchronized void apply(SessionEvent e) {
        switch (e.type()) {
            case OPENED -> open(e.userId(), e.session());
            case CLOSED -> close(e.userId(), e.session(), e.at());
            case SNAPSHOT -> reconcile(e.node(), e.sessions(), e.at());
        }
    }

    /** A gateway is gone (membership): all its sessions end now. */
    public synchronized void nodeGone(String node) {
        int ended = reconcile(node, List.of(), clock.instant());
        log.info("gateway {} left the cluster: {} sessions marked closed", node, ended);
    }

    private void open(String userId, SessionInfo s) {
        redis.opsForHash().put(PresenceKeys.user(userId), s.sessionId(), ContractJson.write(s));
        redis.opsForSet().add(PresenceKeys.node(s.node()), userId + " " + s.sessionId());
        UserPresence p = publish(userId);
        if (p.sessions().size() == 1) {
            lastSeen.save(userId, true, s.since());
        }
    }

    private void close(String userId, SessionInfo s, Instant at) {
        // Tombstone: a snapshot taken before this close but read after it must not bring it back.
        redis.opsForValue().set(closedKey(s.sessionId()), at.toString(), TOMBSTONE_TTL);
        Long removed = redis.opsForHash().delete(PresenceKeys.user(userId), s.sessionId());
        redis.opsForSet().remove(PresenceKeys.node(s.node()), userId + " " + s.sessionId());
        if (removed == null || removed == 0) {
            return; // already closed (duplicate event, or the node's death was handled first)
        }
        UserPresence p = current(userId);
        if (!p.online()) {
            redis.opsForHash().put(PresenceKeys.user(userId), PresenceKeys.LAST_SEEN_FIELD, at.toString());
            lastSeen.save(userId, false, at);
        }
        publish(userId);
    }

    /**
     * Makes Redis agree with {@code node}'s list of live sessions taken at {@code at}; returns how many
     * sessions ended.
     *
     * <p>Ordering hazards: snapshots are keyed by node and user events by user, so they travel on
     * different partitions and either may be read first. A listed session that was closed meanwhile is
     * not re-added (tombstone); an unlisted session opened after {@code at} is not closed.
     */
    private int reconcile(String node, List<SessionEvent.UserSession> sessions, Instant at) {
        Map<String, SessionEvent.UserSession> listed = new HashMap<>();
        sessions.forEach(us -> listed.put(us.userId() + " " + us.session().sessionId(), us));
        Set<String> known = redis.opsForSet().members(PresenceKeys.node(node));
        Set<String> current = known == null ? Set.of() : new HashSet<>(known);
        for (Map.Entry<String, SessionEvent.UserSession> e : listed.entrySet()) {
            SessionEvent.UserSession us = e.getValue();
            // Re-add what Redis lost (restart, flush) or never got (a lost event), unless it closed since.
            boolean missing = !current.contains(e.getKey())
                    || !redis.opsForHash()
                            .hasKey(PresenceKeys.user(us.userId()), us.session().sessionId());
            if (missing
                    && !Boolean.TRUE.equals(redis.hasKey(closedKey(us.session().sessionId())))) {
                open(us.userId(), us.session());
            }
        }
        int ended = 0;
        for (String entry : current) {
            if (!listed.containsKey(entry)) {
                int space = entry.indexOf(' ');
                String userId = entry.substring(0, space);
                String sessionId = entry.substring(space + 1);
                Object json = redis.opsForHash().get(PresenceKeys.user(userId), sessionId);
                SessionInfo s = json == null
                        ? new SessionInfo(sessionId, node, "", Instant.EPOCH)
                        : ContractJson.read((String) json, SessionInfo.class);
                if (s.since().isBefore(at)) {
                    close(userId, s, at);
                    ended++;
                }
            }
        }
        return ended;
    }

    private static String closedKey(String sessionId) {
        return "presence:closed:" + sessionId;
    }

    private UserPresence current(String userId) {
        return PresenceReader.fromRedis(userId, redis.opsForHash().entries(PresenceKeys.user(userId)));
    }

    private UserPresence publish(String userId) {
        UserPresence p = current(userId);
        redis.convertAndSend(PresenceReader.STATUS_CHANNEL, ContractJson.write(p));
        return p;
    }
}
