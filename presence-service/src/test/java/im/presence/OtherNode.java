package im.presence;

import com.github.benmanes.caffeine.cache.Ticker;
import im.contracts.ContractJson;
import im.contracts.presence.SessionInfo;
import im.contracts.presence.UserPresence;
import im.infra.Infrastructure;
import im.presence.client.BlockList;
import im.presence.client.PresenceCacheProperties;
import im.presence.client.PresenceReader;
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
    /** Counts after the subscription probe; {@link #count} reports what tests did since. */
    private final java.util.Map<io.micrometer.core.instrument.Meter.Id, Double> baseline = new java.util.HashMap<>();

    final PresenceReader presence;
    final BlockList blocks;
    private final LettuceConnectionFactory factory;
    private final RedisMessageListenerContainer container;

    OtherNode(Infrastructure infra, Ticker ticker) {
        this(infra, ticker, Duration.ofSeconds(30));
    }

    OtherNode(Infrastructure infra, Ticker ticker, Duration maxStaleness) {
        factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(infra.redisHost(), infra.redisPort()));
        factory.afterPropertiesSet();
        factory.start();
        container = PresenceReader.listenerContainer(factory);
        container.afterPropertiesSet();
        StringRedisTemplate redis = new StringRedisTemplate(factory);
        JdbcTemplate jdbc = new JdbcTemplate(
                new DriverManagerDataSource(infra.jdbcUrl(), infra.jdbcUsername(), infra.jdbcPassword()));
        PresenceCacheProperties props =
                new PresenceCacheProperties(Duration.ofMinutes(30), maxStaleness, 100_000, Duration.ofSeconds(1));
        presence = new PresenceReader(redis, container, jdbc, props, ticker, metrics);
        blocks = new BlockList(redis, container, jdbc, props, ticker, metrics);
        container.start(); // after the listeners are added: start() subscribes them
        awaitSubscribed(redis);
        metrics.getMeters().forEach(m -> baseline.put(m.getId(), ((io.micrometer.core.instrument.Counter) m).count()));
    }

    /**
     * Subscriptions complete asynchronously; tests must not publish before. Proof: an update published
     * for a probe user held in memory reaches it.
     */
    private void awaitSubscribed(StringRedisTemplate redis) {
        String probe = "probe-" + java.util.UUID.randomUUID();
        presence.get(probe);
        UserPresence online = new UserPresence(
                probe, java.util.List.of(new SessionInfo("probe", "probe", "probe", java.time.Instant.now())), null);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!presence.get(probe).online()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("subscription not active within 5 s");
            }
            redis.convertAndSend(PresenceReader.STATUS_CHANNEL, ContractJson.write(online));
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    double count(String cache, String level, String result) {
        io.micrometer.core.instrument.Counter c = metrics.get("im.presence.cache")
                .tags("cache", cache, "level", level, "result", result)
                .counter();
        return c.count() - baseline.getOrDefault(c.getId(), 0.0);
    }

    @Override
    public void close() {
        container.stop();
        factory.destroy();
    }
}
