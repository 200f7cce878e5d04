package im.gateway.presence;

import im.contracts.presence.SessionInfo;
import im.contracts.presence.UserPresence;
import im.gateway.client.Connection;
import im.gateway.client.Frame;
import im.presence.client.PresenceKeys;
import im.presence.client.PresenceReader;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Tells clients about the users they watch: the current status when they subscribe (from Redis),
 * then every change presence publishes on {@code im:presence}. One Redis subscription per node, fanned
 * out to the local connections that asked.
 */
@Component
public class PresenceRelay implements DisposableBean {

    private final StringRedisTemplate redis;
    private final RedisMessageListenerContainer container;
    private final Map<String, Set<Connection>> watchers = new ConcurrentHashMap<>();

    PresenceRelay(StringRedisTemplate redis, RedisConnectionFactory connections) {
        this.redis = redis;
        this.container = PresenceReader.listenerContainer(connections);
        PresenceReader.onUpdates(container, this::onChange);
        container.afterPropertiesSet();
        container.start();
    }

    /** {@code c} watches {@code users}: registered first, then told the current status (never a gap). */
    public void subscribe(Connection c, Collection<String> users) {
        users.forEach(u ->
                watchers.computeIfAbsent(u, k -> ConcurrentHashMap.newKeySet()).add(c));
        for (String u : users) {
            c.send(frame(PresenceReader.fromRedis(u, redis.opsForHash().entries(PresenceKeys.user(u)))));
        }
    }

    public void unsubscribe(Connection c, Collection<String> users) {
        users.forEach(u -> remove(u, c));
    }

    /** Forgets a closed connection. */
    public void drop(Connection c) {
        watchers.keySet().forEach(u -> remove(u, c));
    }

    private void remove(String user, Connection c) {
        watchers.computeIfPresent(user, (k, set) -> {
            set.remove(c);
            return set.isEmpty() ? null : set;
        });
    }

    private void onChange(UserPresence p) {
        Set<Connection> set = watchers.get(p.userId());
        if (set != null) {
            Frame f = frame(p);
            set.forEach(c -> c.send(f));
        }
    }

    /** What a client sees: devices, not the nodes that hold them. */
    static Frame frame(UserPresence p) {
        return Frame.of(
                "presence",
                "userId",
                p.userId(),
                "online",
                p.online(),
                "devices",
                p.sessions().stream().map(SessionInfo::device).distinct().toList(),
                "lastSeen",
                p.lastSeen() == null ? null : p.lastSeen().toString());
    }

    @Override
    public void destroy() {
        container.stop();
    }
}
