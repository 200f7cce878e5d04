package im.presence.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Whom each user blocks, read on every message: memory (Caffeine), then Redis, then PostgreSQL (the
 * truth, owned by presence-service). A change is made effective everywhere by invalidation, not by
 * waiting for a TTL: presence commits it, bumps {@code presence:blocks:ver:<id>}, drops the Redis set,
 * publishes {@code "<changeId> <userId>"} on {@link PresenceKeys#BLOCKS_CHANNEL}, and waits until every
 * subscribed cache has invalidated and acknowledged (INCR of {@code presence:blocks:ack:<changeId>}).
 * So once the block call returns, the next message on any node sees it.
 *
 * <p>Ordering hazard on reload: a reader that read the database just before a change must not write
 * that stale set back to Redis. The set is written by a script only if the version is still the one
 * read before the database query.
 */
public final class BlockList {

    private static final Logger log = LoggerFactory.getLogger(BlockList.class);

    // KEYS[1] = version key, KEYS[2] = set key; ARGV[1] = version seen before the DB read; ARGV[2..] = members
    private static final DefaultRedisScript<Long> POPULATE = new DefaultRedisScript<>("""
            local v = redis.call('GET', KEYS[1]) or '0'
            if v ~= ARGV[1] then return 0 end
            redis.call('DEL', KEYS[2])
            redis.call('SADD', KEYS[2], unpack(ARGV, 2))
            return 1
            """, Long.class);

    private final StringRedisTemplate redis;
    private final JdbcTemplate jdbc;
    private final Cache<String, Set<String>> memory;
    private final CacheMetrics metrics;

    public BlockList(
            StringRedisTemplate redis,
            RedisMessageListenerContainer container,
            JdbcTemplate jdbc,
            PresenceCacheProperties properties,
            Ticker ticker,
            MeterRegistry registry) {
        this.redis = redis;
        this.jdbc = jdbc;
        this.memory = Caches.memoryLevel(properties, ticker);
        this.metrics = new CacheMetrics(registry, "blocks");
        MessageListener listener =
                (message, pattern) -> onInvalidate(new String(message.getBody(), StandardCharsets.UTF_8));
        container.addMessageListener(listener, new ChannelTopic(PresenceKeys.BLOCKS_CHANNEL));
    }

    /** Whether {@code recipient} has blocked {@code sender}. */
    public boolean isBlocked(String recipient, String sender) {
        return blockedBy(recipient).contains(sender);
    }

    /** Everyone {@code userId} blocks. */
    public Set<String> blockedBy(String userId) {
        boolean[] missed = {false};
        Set<String> set = memory.get(userId, id -> {
            missed[0] = true;
            return load(id);
        });
        metrics.memory(!missed[0]);
        return set;
    }

    private Set<String> load(String userId) {
        Set<String> members = redis.opsForSet().members(PresenceKeys.blocks(userId));
        boolean inRedis = members != null && members.contains(PresenceKeys.LOADED_MARKER);
        metrics.redis(inRedis);
        if (inRedis) {
            Set<String> out = new HashSet<>(members);
            out.remove(PresenceKeys.LOADED_MARKER);
            return Set.copyOf(out);
        }
        metrics.database();
        String version = redis.opsForValue().get(versionKey(userId));
        List<String> rows =
                jdbc.queryForList("SELECT blocked_id FROM presence.user_block WHERE user_id = ?", String.class, userId);
        List<String> args = new ArrayList<>();
        args.add(version == null ? "0" : version);
        args.add(PresenceKeys.LOADED_MARKER);
        args.addAll(rows);
        redis.execute(POPULATE, List.of(versionKey(userId), PresenceKeys.blocks(userId)), args.toArray());
        return Set.copyOf(rows);
    }

    /** The version counter bumped by every change of {@code userId}'s list. */
    public static String versionKey(String userId) {
        return PresenceKeys.blocks(userId) + ":ver";
    }

    private void onInvalidate(String message) {
        int space = message.indexOf(' ');
        if (space < 0) {
            log.warn("ignoring malformed block invalidation: {}", message);
            return;
        }
        memory.invalidate(message.substring(space + 1));
        redis.opsForValue().increment(PresenceKeys.blockAcks(message.substring(0, space)));
    }
}
