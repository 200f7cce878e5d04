package im.presence.session;

import im.contracts.ContractJson;
import im.contracts.presence.SessionEvent;
import im.contracts.presence.SessionInfo;
import im.contracts.presence.UserPresence;
import im.presence.client.PresenceKeys;
import im.presence.client.PresenceReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Live presence in Redis (layout in {@link PresenceKeys}), read and written a batch at a time: every
 * method is one pipelined round trip (or two), whatever the number of users, so a connect storm costs
 * round trips per batch rather than per session.
 */
@Component
class LiveSessions {

    private final StringRedisTemplate redis;

    LiveSessions(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** Each user's presence as Redis has it now. */
    Map<String, UserPresence> read(Collection<String> users) {
        List<String> order = List.copyOf(users);
        List<Object> hashes =
                pipelined(ops -> order.forEach(u -> ops.opsForHash().entries(PresenceKeys.user(u))));
        Map<String, UserPresence> out = new LinkedHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> hash = (Map<Object, Object>) hashes.get(i);
            out.put(order.get(i), PresenceReader.fromRedis(order.get(i), hash == null ? Map.of() : hash));
        }
        return out;
    }

    /** Applies opens and closes in their order. A close leaves a tombstone against late snapshots. */
    void write(List<SessionEvent> events) {
        pipelined(ops -> {
            for (SessionEvent e : events) {
                SessionInfo s = e.session();
                String entry = entry(e.userId(), s.sessionId());
                if (e.type() == SessionEvent.Type.OPENED) {
                    ops.opsForHash().put(PresenceKeys.user(e.userId()), s.sessionId(), ContractJson.write(s));
                    ops.opsForSet().add(PresenceKeys.node(s.node()), entry);
                } else {
                    ops.opsForValue().set(closedKey(s.sessionId()), e.at().toString(), SessionTracker.TOMBSTONE_TTL);
                    ops.opsForHash().delete(PresenceKeys.user(e.userId()), s.sessionId());
                    ops.opsForSet().remove(PresenceKeys.node(s.node()), entry);
                }
            }
        });
    }

    /** Stores when each user was last seen, read with their presence. */
    void recordLastSeen(Map<String, Instant> lastSeen) {
        if (!lastSeen.isEmpty()) {
            pipelined(ops -> lastSeen.forEach((u, at) ->
                    ops.opsForHash().put(PresenceKeys.user(u), PresenceKeys.LAST_SEEN_FIELD, at.toString())));
        }
    }

    /** Publishes status changes, for every cache of presence to refresh. */
    void publish(Collection<UserPresence> changed) {
        if (!changed.isEmpty()) {
            pipelined(ops ->
                    changed.forEach(p -> ops.convertAndSend(PresenceReader.STATUS_CHANNEL, ContractJson.write(p))));
        }
    }

    /** The {@code <user> <session>} entries Redis holds for {@code node}. */
    Set<String> entriesOf(String node) {
        Set<String> members = redis.opsForSet().members(PresenceKeys.node(node));
        return members == null ? Set.of() : new HashSet<>(members);
    }

    /**
     * Opens for the listed sessions that Redis does not hold (it lost them, or an event was lost), except
     * those closed since (tombstoned): a snapshot taken before a close may be read after it.
     */
    List<SessionEvent> missing(List<SessionEvent.UserSession> listed, Set<String> nodeEntries) {
        List<Object> present = pipelined(ops -> listed.forEach(us -> ops.opsForHash()
                .hasKey(PresenceKeys.user(us.userId()), us.session().sessionId())));
        List<SessionEvent.UserSession> candidates = new ArrayList<>();
        for (int i = 0; i < listed.size(); i++) {
            SessionEvent.UserSession us = listed.get(i);
            if (!Boolean.TRUE.equals(present.get(i))
                    || !nodeEntries.contains(entry(us.userId(), us.session().sessionId()))) {
                candidates.add(us);
            }
        }
        if (candidates.isEmpty()) {
            return List.of();
        }
        List<Object> closed = pipelined(ops ->
                candidates.forEach(us -> ops.hasKey(closedKey(us.session().sessionId()))));
        List<SessionEvent> opens = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            if (!Boolean.TRUE.equals(closed.get(i))) {
                opens.add(SessionEvent.opened(
                        candidates.get(i).userId(), candidates.get(i).session()));
            }
        }
        return opens;
    }

    /**
     * Closes, at {@code at}, the sessions Redis holds for {@code node} that its list taken at {@code at}
     * does not name, except sessions opened after {@code at} (their open overtook the snapshot).
     */
    List<SessionEvent> notListed(String node, Set<String> nodeEntries, Set<String> listed, Instant at) {
        List<String> gone =
                nodeEntries.stream().filter(e -> !listed.contains(e)).toList();
        if (gone.isEmpty()) {
            return List.of();
        }
        List<Object> infos = pipelined(ops -> gone.forEach(e -> {
            int space = e.indexOf(' ');
            ops.opsForHash().get(PresenceKeys.user(e.substring(0, space)), e.substring(space + 1));
        }));
        List<SessionEvent> closes = new ArrayList<>();
        for (int i = 0; i < gone.size(); i++) {
            String e = gone.get(i);
            int space = e.indexOf(' ');
            String sessionId = e.substring(space + 1);
            Object json = infos.get(i);
            SessionInfo s = json == null
                    ? new SessionInfo(sessionId, node, "", Instant.EPOCH)
                    : ContractJson.read((String) json, SessionInfo.class);
            if (s.since().isBefore(at)) {
                closes.add(SessionEvent.closed(e.substring(0, space), s, at));
            }
        }
        return closes;
    }

    static String entry(String userId, String sessionId) {
        return userId + " " + sessionId;
    }

    static String closedKey(String sessionId) {
        return "presence:closed:" + sessionId;
    }

    private List<Object> pipelined(Consumer<RedisOperations<String, String>> commands) {
        return redis.executePipelined(new SessionCallback<Object>() {
            @Override
            @SuppressWarnings("unchecked")
            public <K, V> Object execute(RedisOperations<K, V> operations) throws DataAccessException {
                commands.accept((RedisOperations<String, String>) operations);
                return null;
            }
        });
    }
}
