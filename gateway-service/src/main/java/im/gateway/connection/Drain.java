package im.gateway.connection;

import im.common.cluster.RingHolder;
import im.gateway.GatewayProperties;
import im.gateway.client.Connection;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Graceful shutdown (SIGTERM, a rolling update): move every client to its new owner before the web
 * server stops.
 *
 * <p>Ordering: lifecycles stop from the highest phase down. {@code GatewayRegistration} (phase
 * DEFAULT−512) leaves the membership first, so the ring everywhere, this node's included, places
 * its users elsewhere; then this (DEFAULT−768) redirects each connection to its new owner, spread
 * over {@code drain-period} so the other nodes are not stampeded, while the node queue is still
 * consumed (its consumer stops at DEFAULT−900); then the web server's graceful shutdown (DEFAULT−1024)
 * finds no connection left. Messages for users in transit are stored; the client's sync at its new
 * node delivers them.
 */
@Component
class Drain implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Drain.class);

    private final ConnectionService connections;
    private final RingHolder ring;
    private final GatewayProperties properties;
    private volatile boolean running;

    Drain(ConnectionService connections, RingHolder ring, GatewayProperties properties) {
        this.connections = connections;
        this.ring = ring;
        this.properties = properties;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        awaitOwnLeave(Duration.ofSeconds(2));
        List<Connection> all = connections.all();
        if (all.isEmpty()) {
            return;
        }
        long pause = properties.connection().drainPeriod().toNanos() / all.size();
        log.info(
                "draining {} connection(s) over {}",
                all.size(),
                properties.connection().drainPeriod());
        for (Connection c : all) {
            connections.moveAway(c);
            if (pause > 0) {
                sleepNanos(pause);
            }
        }
    }

    /** Our own leave reaches our ring through the membership like anyone's; wait for it, briefly. */
    private void awaitOwnLeave(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (ring.current().ring().weight(properties.nodeId()) > 0 && System.nanoTime() < deadline) {
            sleepNanos(20_000_000L);
        }
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 768;
    }
}
