package im.cluster;

import im.cluster.etcd.EtcdMembership;
import im.cluster.redis.RedisMembership;
import io.etcd.jetcd.Client;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Wires cluster membership (Redis or etcd, by {@code im.membership.type}) and the ring that follows
 * it: auto-configured in every service that has this starter.
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@EnableConfigurationProperties({MembershipProperties.class, RingProperties.class, EtcdProperties.class})
public class ClusterAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    RingHolder ringHolder(RingProperties ring, Membership membership, MeterRegistry registry, Clock clock) {
        return new RingHolder(ring, registry, clock).follow(membership);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "im.membership", name = "type", havingValue = "redis", matchIfMissing = true)
    static class RedisMembershipConfiguration {

        @Bean
        RedisMessageListenerContainer membershipListenerContainer(RedisConnectionFactory connections) {
            RedisMessageListenerContainer container = new RedisMessageListenerContainer();
            container.setConnectionFactory(connections);
            // Resubscribe quickly after Redis restarts; the poll covers the gap meanwhile.
            container.setRecoveryInterval(500);
            return container;
        }

        @Bean(destroyMethod = "close")
        Membership membership(
                RedisConnectionFactory connections,
                RedisMessageListenerContainer membershipListenerContainer,
                MembershipProperties properties,
                MeterRegistry registry,
                Clock clock) {
            RedisMembership membership =
                    RedisMembership.withOwnConnection(connections, membershipListenerContainer, properties, clock);
            membership.addListener(new MembershipMetrics(registry, true, clock));
            membership.start();
            return membership;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "im.membership", name = "type", havingValue = "etcd")
    static class EtcdMembershipConfiguration {

        @Bean(destroyMethod = "close")
        Client etcdClient(EtcdProperties etcd) {
            return Client.builder()
                    .endpoints(etcd.endpoints().toArray(String[]::new))
                    .build();
        }

        @Bean(destroyMethod = "close")
        Membership membership(Client etcdClient, MembershipProperties properties, MeterRegistry registry, Clock clock) {
            EtcdMembership membership = new EtcdMembership(etcdClient, properties, clock);
            membership.addListener(new MembershipMetrics(registry, false, clock));
            membership.start();
            return membership;
        }
    }
}
