package im.cluster;

import java.time.Instant;
import java.util.Objects;

/**
 * A gateway node as the cluster sees it.
 *
 * @param id unique node name: its place on the ring and the name of its Kafka queue
 * @param address where clients reach it (the advertised WebSocket URL)
 * @param weight relative capacity on the ring (≥ 1)
 * @param startedAt when this incarnation of the node started
 * @param updatedAt when it last refreshed its registration (Redis); equals startedAt on etcd, where
 *     the lease carries liveness
 */
public record Member(String id, String address, int weight, Instant startedAt, Instant updatedAt) {

    public Member {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (id.isBlank()) {
            throw new IllegalArgumentException("member id must not be blank");
        }
        if (weight < 1) {
            throw new IllegalArgumentException("member weight must be >= 1, was " + weight);
        }
    }

    /** The same member with a new refresh time. */
    public Member refreshedAt(Instant when) {
        return new Member(id, address, weight, startedAt, when);
    }
}
