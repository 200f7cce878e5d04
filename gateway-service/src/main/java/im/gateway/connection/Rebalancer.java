package im.gateway.connection;

import im.cluster.RingHolder;
import im.gateway.GatewayProperties;
import im.gateway.client.Connection;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Moves users whose owner changed with the ring (a node joined, or came back) to their new owner, at
 * most {@code im.gateway.connection.rebalance-rate} per second: a new node takes its share gradually
 * instead of all at once. Nothing is misrouted meanwhile: routing delivers to where users are
 * (location), not where the ring would put them.
 */
@Component
class Rebalancer {

    private static final Logger log = LoggerFactory.getLogger(Rebalancer.class);
    private static final int TICKS_PER_SECOND = 10;

    private final ConnectionService connections;
    private final RingHolder ring;
    private final int perTick;
    private final Deque<Connection> queue = new ArrayDeque<>();
    private final Set<String> queued = new HashSet<>();
    private long seenEpoch = -1;

    Rebalancer(ConnectionService connections, RingHolder ring, GatewayProperties properties) {
        this.connections = connections;
        this.ring = ring;
        this.perTick = Math.max(1, properties.connection().rebalanceRate() / TICKS_PER_SECOND);
    }

    @Scheduled(fixedDelay = 1000 / TICKS_PER_SECOND)
    synchronized void tick() {
        long epoch = ring.current().epoch();
        if (epoch != seenEpoch) {
            seenEpoch = epoch;
            int before = queue.size();
            for (Connection c : connections.misplaced()) {
                if (queued.add(c.id())) {
                    queue.add(c);
                }
            }
            if (queue.size() > before) {
                log.info("ring epoch {}: moving {} connection(s) to their new owners", epoch, queue.size() - before);
            }
        }
        for (int i = 0; i < perTick && !queue.isEmpty(); i++) {
            Connection c = queue.poll();
            queued.remove(c.id());
            // Re-checked at the time of the move: the ring may have changed back meanwhile.
            if (c.isOpen() && connections.misplaced(c)) {
                connections.moveAway(c);
            }
        }
    }

    /** Connections waiting to be moved. */
    synchronized int backlog() {
        return queue.size();
    }
}
