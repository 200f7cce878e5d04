package im.presence.block;

import im.presence.client.BlockList;
import im.presence.client.PresenceCacheProperties;
import im.presence.client.PresenceKeys;
import im.protocol.ErrorCode;
import im.protocol.ImException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Block lists: PostgreSQL is the truth; caches everywhere are told to drop the user's list, and a
 * change returns only once every subscribed cache confirmed it (see {@link BlockList}).
 */
@Service
public class BlockService {

    private static final Logger log = LoggerFactory.getLogger(BlockService.class);

    private final JdbcTemplate jdbc;
    private final StringRedisTemplate redis;
    private final PresenceCacheProperties cache;

    BlockService(JdbcTemplate jdbc, StringRedisTemplate redis, PresenceCacheProperties cache) {
        this.jdbc = jdbc;
        this.redis = redis;
        this.cache = cache;
    }

    /** {@code userId} blocks {@code blockedId}; returns whether every cache confirmed in time. */
    public boolean block(String userId, String blockedId) {
        if (userId.equals(blockedId)) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "a user cannot block themselves");
        }
        jdbc.update(
                "INSERT INTO presence.user_block (user_id, blocked_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                userId,
                blockedId);
        return propagate(userId);
    }

    /** {@code userId} unblocks {@code blockedId}; returns whether every cache confirmed in time. */
    public boolean unblock(String userId, String blockedId) {
        jdbc.update("DELETE FROM presence.user_block WHERE user_id = ? AND blocked_id = ?", userId, blockedId);
        return propagate(userId);
    }

    /** Whom {@code userId} blocks, from the database. */
    public List<String> list(String userId) {
        return jdbc.queryForList(
                "SELECT blocked_id FROM presence.user_block WHERE user_id = ? ORDER BY blocked_id",
                String.class,
                userId);
    }

    /**
     * Ordering: the database commit happened above; the version bump makes any reader that read the
     * old rows unable to write them to Redis; then the Redis copy goes, then the memory copies.
     */
    private boolean propagate(String userId) {
        redis.opsForValue().increment(BlockList.versionKey(userId));
        redis.delete(PresenceKeys.blocks(userId));
        String changeId = UUID.randomUUID().toString();
        String ackKey = PresenceKeys.blockAcks(changeId);
        Long receivers = redis.convertAndSend(PresenceKeys.BLOCKS_CHANNEL, changeId + " " + userId);
        long want = receivers == null ? 0 : receivers;
        long deadline = System.nanoTime() + cache.invalidationAckTimeout().toNanos();
        try {
            while (true) {
                String acks = redis.opsForValue().get(ackKey);
                if (acks != null && Long.parseLong(acks) >= want || want == 0) {
                    return true;
                }
                if (System.nanoTime() > deadline) {
                    log.warn(
                            "block list of {}: {} of {} caches confirmed within {}; the others see it on their next"
                                    + " reload",
                            userId,
                            acks == null ? 0 : acks,
                            want,
                            cache.invalidationAckTimeout());
                    return false;
                }
                TimeUnit.MILLISECONDS.sleep(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            redis.expire(ackKey, java.time.Duration.ofMinutes(1));
        }
    }
}
