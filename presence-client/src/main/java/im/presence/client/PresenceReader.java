package im.presence.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Ticker;
import im.contracts.ContractJson;
import im.contracts.presence.SessionInfo;
import im.contracts.presence.UserPresence;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Where a user is and whether they are online, read through three levels: memory
 * (Caffeine; an entry lives {@code idle-eviction} after its last read, so a node keeps only the users
 * it routes for), then Redis (the live truth written by presence-service), then PostgreSQL (last seen,
 * when Redis has nothing). Status changes published by presence on {@code im:presence} refresh
 * entries already in memory; they never add entries (pub/sub keeps nothing, so a missed message is
 * repaired by the next read from Redis after eviction, and by presence's periodic snapshots).
 */
public final class PresenceReader {

    private static final Logger log = LoggerFactory.getLogger(PresenceReader.class);
    public static final String STATUS_CHANNEL = "im:presence";

    private final StringRedisTemplate redis;
    private final JdbcTemplate jdbc;
    private final Cache<String, UserPresence> memory;
    private final CacheMetrics metrics;

    public PresenceReader(
            StringRedisTemplate redis,
            RedisMessageListenerContainer container,
            JdbcTemplate jdbc,
            PresenceCacheProperties properties,
            Ticker ticker,
            MeterRegistry registry) {
        this.redis = redis;
        this.jdbc = jdbc;
        this.memory = Caches.memoryLevel(properties, ticker);
        this.metrics = new CacheMetrics(registry, "presence");
        onUpdates(container, p -> refresh(memory, p));
    }

    /**
     * A published status replaces the user's entry in memory, never adds one. Ordering hazard: with
     * Caffeine, {@code computeIfPresent} does not wait for a load of the key in flight (the key is not in
     * the map until the load ends) and does nothing, so a status published while a read was loading the
     * older one from Redis was lost, and that older status stayed in memory until the entry expired.
     * {@code compute} waits for the load and then applies the newer status on top of it.
     */
    static void refresh(Cache<String, UserPresence> memory, UserPresence p) {
        memory.asMap().compute(p.userId(), (k, old) -> old == null ? null : p);
    }

    /**
     * A listener container fit for presence updates. Ordering hazard: Spring's default dispatches each
     * message on a new thread, so two quick updates of one user could be applied in reverse and leave
     * the older status in memory. One dispatch thread keeps the publisher's order (and keeps blocking
     * listener work off Redis's I/O thread).
     */
    public static RedisMessageListenerContainer listenerContainer(RedisConnectionFactory connections) {
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connections);
        container.setRecoveryInterval(500);
        container.setTaskExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "presence-updates");
            t.setDaemon(true);
            return t;
        }));
        return container;
    }

    /** The user's presence, from the highest level that knows it. */
    public UserPresence get(String userId) {
        // Loading inside the cache's compute makes a concurrent status update (refresh) wait for the
        // load and then apply on top of it; a put after a separate load could overwrite the newer status.
        boolean[] missed = {false};
        UserPresence p = memory.get(userId, id -> {
            missed[0] = true;
            return load(id);
        });
        metrics.memory(!missed[0]);
        return p;
    }

    /** Whether {@code userId} is in memory now, without touching its idle timer. */
    public boolean inMemory(String userId) {
        return memory.policy().getIfPresentQuietly(userId) != null;
    }

    private UserPresence load(String userId) {
        Map<Object, Object> hash = redis.opsForHash().entries(PresenceKeys.user(userId));
        metrics.redis(!hash.isEmpty());
        if (!hash.isEmpty()) {
            return fromRedis(userId, hash);
        }
        metrics.database();
        List<Timestamp> rows = jdbc.queryForList(
                "SELECT last_seen FROM presence.user_presence WHERE user_id = ?", Timestamp.class, userId);
        Instant lastSeen =
                rows.isEmpty() || rows.get(0) == null ? null : rows.get(0).toInstant();
        return UserPresence.offline(userId, lastSeen);
    }

    /** Parses presence's Redis hash for a user. */
    public static UserPresence fromRedis(String userId, Map<Object, Object> hash) {
        List<SessionInfo> sessions = new ArrayList<>();
        Instant lastSeen = null;
        for (Map.Entry<Object, Object> e : hash.entrySet()) {
            if (PresenceKeys.LAST_SEEN_FIELD.equals(e.getKey())) {
                lastSeen = Instant.parse((String) e.getValue());
            } else {
                sessions.add(ContractJson.read((String) e.getValue(), SessionInfo.class));
            }
        }
        sessions.sort(java.util.Comparator.comparing(SessionInfo::sessionId));
        return new UserPresence(userId, List.copyOf(sessions), lastSeen);
    }

    /**
     * Calls {@code consumer} with every status change presence publishes on {@link #STATUS_CHANNEL}, in
     * publishing order when {@code container} comes from {@link #listenerContainer}. A message that is
     * not a {@link UserPresence} is logged and skipped.
     */
    public static void onUpdates(RedisMessageListenerContainer container, Consumer<UserPresence> consumer) {
        MessageListener listener = (message, pattern) -> {
            String json = new String(message.getBody(), StandardCharsets.UTF_8);
            UserPresence p;
            try {
                p = ContractJson.read(json, UserPresence.class);
            } catch (RuntimeException e) {
                log.warn("ignoring malformed presence update: {}", e.toString());
                return;
            }
            consumer.accept(p);
        };
        container.addMessageListener(listener, new ChannelTopic(STATUS_CHANNEL));
    }
}
