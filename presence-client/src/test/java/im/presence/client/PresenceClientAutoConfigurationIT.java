package im.presence.client;

import static org.assertj.core.api.Assertions.assertThat;

import im.infra.Infrastructure;
import im.infra.junit.InfrastructureExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The read path's wiring against real Redis and PostgreSQL: present where both are, absent otherwise. */
@ExtendWith(InfrastructureExtension.class)
class PresenceClientAutoConfigurationIT {

    private ApplicationContextRunner runner;

    @BeforeEach
    void setUp(Infrastructure infra) {
        runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PresenceClientAutoConfiguration.class))
                .withBean(SimpleMeterRegistry.class)
                .withPropertyValues(
                        "test.redis.host=" + infra.redisHost(),
                        "test.redis.port=" + infra.redisPort(),
                        "test.jdbc.url=" + infra.jdbcUrl(),
                        "test.jdbc.username=" + infra.jdbcUsername(),
                        "test.jdbc.password=" + infra.jdbcPassword());
    }

    @Test
    void aServiceWithRedisAndADatabaseGetsPresenceAndBlockReads() {
        runner.withUserConfiguration(RedisBeans.class, DatabaseBeans.class).run(context -> {
            assertThat(context).hasSingleBean(PresenceReader.class);
            assertThat(context).hasSingleBean(BlockList.class);
            assertThat(context.getBean(PresenceCacheProperties.class).idleEviction())
                    .isEqualTo(java.time.Duration.ofMinutes(30));
        });
    }

    @Test
    void aServiceWithoutADatabaseGetsNone() {
        runner.withUserConfiguration(RedisBeans.class).run(context -> {
            assertThat(context).doesNotHaveBean(PresenceReader.class);
            assertThat(context).doesNotHaveBean(BlockList.class);
        });
    }

    /** What Boot's Redis auto-configuration gives a service, pointed at the test's Redis. */
    @Configuration(proxyBeanMethods = false)
    static class RedisBeans {

        @Bean
        LettuceConnectionFactory redisConnectionFactory(Environment env) {
            return new LettuceConnectionFactory(new RedisStandaloneConfiguration(
                    env.getRequiredProperty("test.redis.host"),
                    env.getRequiredProperty("test.redis.port", Integer.class)));
        }

        @Bean
        StringRedisTemplate stringRedisTemplate(RedisConnectionFactory connections) {
            return new StringRedisTemplate(connections);
        }
    }

    /** What Boot's JDBC auto-configuration gives a service, pointed at the test's PostgreSQL. */
    @Configuration(proxyBeanMethods = false)
    static class DatabaseBeans {

        @Bean
        JdbcTemplate jdbcTemplate(Environment env) {
            return new JdbcTemplate(new DriverManagerDataSource(
                    env.getRequiredProperty("test.jdbc.url"),
                    env.getRequiredProperty("test.jdbc.username"),
                    env.getRequiredProperty("test.jdbc.password")));
        }
    }
}
