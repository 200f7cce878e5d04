package im.presence;

import com.github.benmanes.caffeine.cache.Ticker;
import im.common.presence.BlockList;
import im.common.presence.PresenceCacheProperties;
import im.common.presence.PresenceReader;
import im.infra.Infrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Another routing node's read path: its own Redis connections, subscription, database connection
 * and in-memory caches, exactly as routing-service builds them.
 */
final class OtherNode implements AutoCloseable {

    final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    final PresenceReader presence;
    final BlockList blocks;
    private final LettuceConnectionFactory factory;
    private final RedisMessageListenerContainer container;

    OtherNode(Infrastructure infra, Ticker ticker) {
        factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(infra.redisHost(), infra.redisPort()));
        factory.afterPropertiesSet();
        factory.start();
        container = new RedisMessageListenerContainer();
        container.setConnectionFactory(factory);
        container.afterPropertiesSet();
        StringRedisTemplate redis = new StringRedisTemplate(factory);
        JdbcTemplate jdbc = new JdbcTemplate(
                new DriverManagerDataSource(infra.jdbcUrl(), infra.jdbcUsername(), infra.jdbcPassword()));
        PresenceCacheProperties props =
                new PresenceCacheProperties(Duration.ofMinutes(30), 100_000, Duration.ofSeconds(1));
        presence = new PresenceReader(redis, container, jdbc, props, ticker, metrics);
        blocks = new BlockList(redis, container, jdbc, props, ticker, metrics);
        container.start(); // after the listeners are added: start() subscribes them
        awaitSubscribed();
    }

    /** Subscriptions are asynchronous; a block change must count this node among its receivers. */
    private void awaitSubscribed() {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!container.isRunning() || !container.isListening()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("subscription not active");
            }
            Thread.onSpinWait();
        }
    }

    double count(String cache, String level, String result) {
        return metrics.get("im.presence.cache")
                .tags("cache", cache, "level", level, "result", result)
                .counter()
                .count();
    }

    @Override
    public void close() {
        container.stop();
        factory.destroy();
    }
}
