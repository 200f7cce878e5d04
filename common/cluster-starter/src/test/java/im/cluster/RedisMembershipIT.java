package im.cluster;

import im.cluster.redis.RedisMembership;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
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

    @Override
    protected Set<String> registrationsOnServer() {
        LettuceConnectionFactory factory =
                new LettuceConnectionFactory(new RedisStandaloneConfiguration(infra.redisHost(), infra.redisPort()));
        factory.afterPropertiesSet();
        factory.start();
        try {
            StringRedisTemplate redis = new StringRedisTemplate(factory);
            Set<String> live = new HashSet<>();
            for (Object field : redis.opsForHash().keys(properties.redisKey())) {
                if (Boolean.TRUE.equals(redis.hasKey(properties.redisKey() + ":alive:" + field))) {
                    live.add((String) field);
                }
            }
            return live;
        } catch (RuntimeException e) {
            return Set.of(); // still restarting
        } finally {
            factory.destroy();
        }
    }

    @Override
    protected void dropRegistration(String id) {
        LettuceConnectionFactory factory =
                new LettuceConnectionFactory(new RedisStandaloneConfiguration(infra.redisHost(), infra.redisPort()));
        factory.afterPropertiesSet();
        factory.start();
        try {
            StringRedisTemplate redis = new StringRedisTemplate(factory);
            redis.delete(properties.redisKey() + ":alive:" + id);
            redis.opsForHash().delete(properties.redisKey(), id);
        } finally {
            factory.destroy();
        }
    }

    @Override
    protected void restartServer() {
        infra.restartRedis();
    }
}
