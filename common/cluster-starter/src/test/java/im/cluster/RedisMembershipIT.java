package im.cluster;

import im.cluster.redis.RedisMembership;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

class RedisMembershipIT extends MembershipContractIT {

    @Override
    protected MembershipProperties properties(String namespace) {
        return new MembershipProperties(
                MembershipProperties.Type.REDIS,
                Duration.ofMillis(500),
                Duration.ofSeconds(2),
                Duration.ofSeconds(1),
                "IMSERVER-" + namespace,
                "/unused/");
    }

    @Override
    protected Membership newMember() {
        return RedisMembership.connect(infra.redisHost(), infra.redisPort(), properties, Clock.systemUTC());
    }

    /** Runs {@code use} on a connection of its own, closed afterwards (not a member's). */
    private <T> T withRedis(Function<StringRedisTemplate, T> use) {
        LettuceConnectionFactory factory =
                new LettuceConnectionFactory(new RedisStandaloneConfiguration(infra.redisHost(), infra.redisPort()));
        factory.afterPropertiesSet();
        factory.start();
        try {
            return use.apply(new StringRedisTemplate(factory));
        } finally {
            factory.destroy();
        }
    }

    @Override
    protected Set<String> registrationsOnServer() {
        try {
            return withRedis(redis -> {
                Set<String> live = new HashSet<>();
                for (Object field : redis.opsForHash().keys(properties.redisKey())) {
                    if (Boolean.TRUE.equals(redis.hasKey(properties.redisKey() + ":alive:" + field))) {
                        live.add((String) field);
                    }
                }
                return live;
            });
        } catch (RuntimeException e) {
            return Set.of(); // still restarting
        }
    }

    @Override
    protected void dropRegistration(String id) {
        withRedis(redis -> {
            redis.delete(properties.redisKey() + ":alive:" + id);
            return redis.opsForHash().delete(properties.redisKey(), id);
        });
    }

    @Override
    protected void restartServer() {
        infra.restartRedis();
    }
}
