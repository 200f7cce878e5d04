package im.gateway.connection;

import im.cluster.Membership;
import im.cluster.RingHolder;
import im.gateway.GatewayProperties;
import im.gateway.session.ClientSession;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Graceful shutdown (SIGTERM, a rolling update): move every client to its new owner before the web
 * server stops. Also an operator's drain without stopping ({@link #drainNow()}, {@code POST
 * /admin/drain}).
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
public class Drain implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Drain.class);

    private final ConnectionService connections;
    private final RingHolder ring;
    private final Membership membership;
    private final ApplicationEventPublisher events;
    private final GatewayProperties properties;
    private final AtomicBoolean operatorDrained = new AtomicBoolean();
    private final Object moving = new Object();
    private volatile boolean running;

    Drain(
            ConnectionService connections,
            RingHolder ring,
            Membership membership,
            ApplicationEventPublisher events,
            GatewayProperties properties) {
        this.connections = connections;
        this.ring = ring;
        this.membership = membership;
        this.events = events;
        this.properties = properties;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        moveEveryone();
    }

    /**
     * An operator's drain, the SIGTERM path without stopping the process: leave the ring now, report
     * not ready (readiness {@code REFUSING_TRAFFIC}), and move every connection to its new owner over
     * {@code drain-period}, in the background. From then on new connections are refused with {@code
     * node_draining} ({@link #draining()}). The node queue is still consumed, but once the leave is
     * seen presence ends this node's sessions and routing addresses it only with answers to its own
     * senders: users not yet moved get newer messages by sync when they reconnect. There is no way
     * back short of a restart: the node rejoins when it starts again. Answers false if the node was
     * already drained.
     */
    public boolean drainNow() {
        if (!operatorDrained.compareAndSet(false, true)) {
            return false;
        }
        log.info("drain requested by an operator: leaving the ring, moving every connection away");
        membership.leave();
        AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
        Thread mover = new Thread(this::moveEveryone, "operator-drain");
        mover.setDaemon(true);
        mover.start();
        return true;
    }

    /** Whether an operator drained this node (new connections are refused with {@code node_draining}). */
    public boolean draining() {
        return operatorDrained.get();
    }

    /** Moves every open connection away (one at a time: an operator's drain and SIGTERM never overlap). */
    private void moveEveryone() {
        synchronized (moving) {
            awaitOwnLeave(Duration.ofSeconds(2));
            List<ClientSession> all = connections.all();
            if (all.isEmpty()) {
                return;
            }
            long pause = properties.connection().drainPeriod().toNanos() / all.size();
            log.info(
                    "draining {} connection(s) over {}",
                    all.size(),
                    properties.connection().drainPeriod());
            for (ClientSession s : all) {
                connections.moveAway(s);
                if (pause > 0) {
                    sleepNanos(pause);
                }
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
