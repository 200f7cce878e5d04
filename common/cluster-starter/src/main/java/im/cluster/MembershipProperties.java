package im.cluster;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Cluster membership settings ({@code im.membership.*}). Crash detection takes at most {@code ttl}
 * after the node's last heartbeat plus the notification delay (~0.1 s for Redis keyspace events,
 * ≤ 0.5 s for etcd lease expiry); the defaults give ≤ 3 s end to end. A shorter TTL detects sooner
 * but turns a GC pause or a network hiccup longer than the TTL into a false failure (the node
 * re-registers on its next heartbeat, and its users are redirected twice).
 *
 * @param type {@code redis} (default: one less server to run) or {@code etcd}
 * @param heartbeat how often a node refreshes its registration (Redis) or renews its lease (etcd)
 * @param ttl how long a registration outlives the last heartbeat; must exceed 2 × heartbeat
 * @param pollInterval Redis only: full re-read of the member set, the fallback for missed pub/sub
 *     events (and after a Redis restart)
 * @param redisKey Redis only: the hash holding one field per node (default {@code IMSERVER}); the
 *     per-node TTL keys are {@code <redisKey>:alive:<id>} and announcements go to {@code
 *     <redisKey>:events}
 * @param etcdPrefix etcd only: key prefix under which each node's key lives
 */
@ConfigurationProperties("im.membership")
public record MembershipProperties(
        @DefaultValue("redis") Type type,
        @DefaultValue("500ms") Duration heartbeat,
        @DefaultValue("2s") Duration ttl,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("IMSERVER") String redisKey,
        @DefaultValue("/im/members/") String etcdPrefix) {

    public MembershipProperties {
        if (ttl.compareTo(heartbeat.multipliedBy(2)) <= 0) {
            throw new IllegalArgumentException(
                    "im.membership.ttl (" + ttl + ") must exceed twice im.membership.heartbeat (" + heartbeat + ")");
        }
        if (type == Type.ETCD && ttl.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("im.membership.ttl must be whole seconds with etcd leases, was " + ttl);
        }
    }

    /** Where membership lives. */
    public enum Type {
        REDIS,
        ETCD
    }
}
