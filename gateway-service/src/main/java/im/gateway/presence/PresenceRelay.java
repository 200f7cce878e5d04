package im.gateway.presence;

import im.contracts.presence.SessionInfo;
import im.contracts.presence.UserPresence;
import im.gateway.session.ClientSession;
import im.gateway.session.SessionListener;
import im.presence.client.PresenceKeys;
import im.presence.client.PresenceReader;
import im.protocol.frame.ClientFrame;
import im.protocol.frame.FrameCodec;
import im.protocol.frame.ServerFrame;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Tells clients about the users they watch: the current status when they subscribe (from Redis),
 * then every change presence publishes on {@code im:presence}. One Redis subscription per node, fanned
 * out to the local sessions that asked; a closing session is dropped ({@link SessionListener#closed}).
 *
 * <p>Threading: {@link #subscribe} runs on the connection's container thread and reads the current
 * statuses from Redis there (one pipelined round trip for all the frame's users, bounded by the Redis
 * command timeout; it delays only that connection's next frame). Changes arrive on the {@code
 * presence-updates} thread, which only queues frames.
 * Ordering hazard: a watcher is registered before the current status is read, so a change in between
 * is sent twice rather than lost; which of the two arrives last depends on thread timing, so clients
 * treat a {@code presence} frame as the latest they know, and the next change corrects a stale one.
 */
@Component
public class PresenceRelay implements SessionListener, DisposableBean {

    private final StringRedisTemplate redis;
    private final RedisMessageListenerContainer container;
    private final Map<String, Set<ClientSession>> watchers = new ConcurrentHashMap<>();
    private volatile boolean listening;

    PresenceRelay(StringRedisTemplate redis, RedisConnectionFactory connections) {
        this.redis = redis;
        this.container = PresenceReader.listenerContainer(connections);
        PresenceReader.onUpdates(container, this::onChange);
        container.afterPropertiesSet();
    }

    /** {@code s} watches the frame's users: registered first, then told the current status (never a gap). */
    public void subscribe(ClientSession s, ClientFrame.Subscribe f) {
        listen();
        for (String u : f.users()) {
            if (s.watch(u)) {
                watchers.computeIfAbsent(u, k -> ConcurrentHashMap.newKeySet()).add(s);
            }
        }
        s.send(new ServerFrame.Subscribed(f.ref(), f.users()));
        List<Map<Object, Object>> statuses = current(f.users());
        for (int i = 0; i < f.users().size(); i++) {
            s.send(frame(PresenceReader.fromRedis(f.users().get(i), statuses.get(i))));
        }
    }

    /** The Redis hashes of {@code users}, in order, in one pipelined round trip (up to 500 users a frame). */
    @SuppressWarnings("unchecked")
    private List<Map<Object, Object>> current(List<String> users) {
        List<Object> replies = redis.executePipelined(new SessionCallback<Object>() {
            @Override
            public <K, V> Object execute(RedisOperations<K, V> operations) {
                for (String u : users) {
                    operations.opsForHash().entries((K) PresenceKeys.user(u));
                }
                return null;
            }
        });
        return replies.stream().map(r -> (Map<Object, Object>) r).toList();
    }

    public void unsubscribe(ClientSession s, ClientFrame.Unsubscribe f) {
        for (String u : f.users()) {
            if (s.unwatch(u)) {
                remove(u, s);
            }
        }
        s.send(new ServerFrame.Unsubscribed(f.ref(), f.users()));
    }

    @Override
    public void closed(ClientSession s) {
        s.takeWatched().forEach(u -> remove(u, s));
    }

    private void remove(String user, ClientSession s) {
        watchers.computeIfPresent(user, (k, set) -> {
            set.remove(s);
            return set.isEmpty() ? null : set;
        });
    }

    private void onChange(UserPresence p) {
        Set<ClientSession> set = watchers.get(p.userId());
        if (set != null) {
            String text = FrameCodec.encode(frame(p)); // once for every watcher
            set.forEach(s -> s.sendText(text));
        }
    }

    /** What a client sees: devices, not the nodes that hold them. */
    static ServerFrame.Presence frame(UserPresence p) {
        return new ServerFrame.Presence(
                p.userId(),
                p.online(),
                p.sessions().stream().map(SessionInfo::device).distinct().toList(),
                p.lastSeen() == null ? null : p.lastSeen().toString());
    }

    /** How many users some connection here watches. */
    public int watchedUsers() {
        return watchers.size();
    }

    /**
     * Subscribes to the status channel when the first connection watches someone: a node nobody
     * watches from holds no subscription. Before the first watcher registers, so no change is missed.
     */
    private void listen() {
        if (!listening) {
            synchronized (this) {
                if (!listening) {
                    container.start();
                    listening = true;
                }
            }
        }
    }

    @Override
    public void destroy() throws Exception {
        container.destroy();
    }
}
