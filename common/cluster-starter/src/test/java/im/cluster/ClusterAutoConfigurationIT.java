package im.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import im.cluster.etcd.EtcdMembership;
import im.cluster.redis.RedisMembership;
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

/** The starter's wiring against real Redis and etcd: membership by {@code im.membership.type}, the ring on it. */
@ExtendWith(InfrastructureExtension.class)
class ClusterAutoConfigurationIT {

    private ApplicationContextRunner runner;
    private Infrastructure infra;

    @BeforeEach
    void setUp(Infrastructure infra) {
        this.infra = infra;
        runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class))
                .withUserConfiguration(RedisBeans.class)
                .withBean(SimpleMeterRegistry.class)
                .withPropertyValues(
                        "test.redis.host=" + infra.redisHost(),
                        "test.redis.port=" + infra.redisPort(),
                        "im.membership.redis-key=IMSERVER-autoconf",
                        "im.membership.etcd-prefix=/autoconf/");
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

    @Test
    void byDefaultMembershipIsRedisAndTheRingFollowsIt() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(RingHolder.class);
            assertThat(context.getBean(Membership.class)).isInstanceOf(RedisMembership.class);
            assertThat(context).doesNotHaveBean(io.etcd.jetcd.Client.class);
        });
    }

    @Test
    void redisMembershipTalksOverAConnectionOfItsOwnAndReleasesItAtStop() {
        StringRedisTemplate observer = observer();
        runner.run(context -> {
            Membership membership = context.getBean(Membership.class);
            java.time.Instant now = java.time.Instant.now();
            membership.join(new Member("autoconf-own-connection", "127.0.0.1:1", 1, now, now));
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> membership.members().containsKey("autoconf-own-connection"));
            assertThat(clientList(observer)).contains("name=" + RedisMembership.CLIENT_NAME);
        });
        assertThat(clientList(observer)).doesNotContain("name=" + RedisMembership.CLIENT_NAME);
    }

    private StringRedisTemplate observer() {
        LettuceConnectionFactory f =
                new LettuceConnectionFactory(new RedisStandaloneConfiguration(infra.redisHost(), infra.redisPort()));
        f.afterPropertiesSet();
        f.start();
        return new StringRedisTemplate(f);
    }

    private static String clientList(StringRedisTemplate redis) {
        return redis.execute((org.springframework.data.redis.core.RedisCallback<String>)
                c -> c.serverCommands().getClientList().toString());
    }

    @Test
    void membershipTypeEtcdWiresAnEtcdClientInstead() {
        runner.withPropertyValues("im.membership.type=etcd", "im.etcd.endpoints=" + infra.etcdEndpoint())
                .run(context -> {
                    assertThat(context.getBean(Membership.class)).isInstanceOf(EtcdMembership.class);
                    assertThat(context).hasSingleBean(io.etcd.jetcd.Client.class);
                    assertThat(context).hasSingleBean(RingHolder.class);
                });
    }

    @Test
    void aTtlThatDoesNotCoverTwoHeartbeatsIsRefusedAtStart() {
        runner.withPropertyValues("im.membership.heartbeat=1s", "im.membership.ttl=2s")
                .run(context -> assertThat(context).hasFailed());
    }
}
