package im.presence.client;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.jdbc.core.JdbcTemplate;

/** The three-level presence and block-list read path, auto-configured where Redis and a database are (routing, presence). */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration"
        })
@ConditionalOnBean({StringRedisTemplate.class, JdbcTemplate.class})
@EnableConfigurationProperties(PresenceCacheProperties.class)
public class PresenceClientAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Ticker presenceCacheTicker() {
        return Ticker.systemTicker();
    }

    @Bean
    RedisMessageListenerContainer presenceListenerContainer(RedisConnectionFactory connections) {
        return PresenceReader.listenerContainer(connections);
    }

    @Bean
    PresenceReader presenceReader(
            StringRedisTemplate redis,
            RedisMessageListenerContainer presenceListenerContainer,
            JdbcTemplate jdbc,
            PresenceCacheProperties properties,
            Ticker presenceCacheTicker,
            MeterRegistry registry) {
        return new PresenceReader(redis, presenceListenerContainer, jdbc, properties, presenceCacheTicker, registry);
    }

    @Bean
    BlockList blockList(
            StringRedisTemplate redis,
            RedisMessageListenerContainer presenceListenerContainer,
            JdbcTemplate jdbc,
            PresenceCacheProperties properties,
            Ticker presenceCacheTicker,
            MeterRegistry registry) {
        return new BlockList(redis, presenceListenerContainer, jdbc, properties, presenceCacheTicker, registry);
    }
}
