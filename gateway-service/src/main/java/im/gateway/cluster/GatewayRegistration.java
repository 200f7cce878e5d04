package im.gateway.cluster;

import im.cluster.Member;
import im.cluster.Membership;
import im.gateway.GatewayProperties;
import java.time.Clock;
import java.time.Instant;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Puts this gateway on the ring once it serves, and takes it off first when it stops.
 *
 * <p>Ordering hazard: on shutdown the node must leave the membership <em>before</em> the web server
 * stops accepting and drains, or routing keeps placing users here during the drain. Spring stops
 * lifecycles from the highest phase down, and the web server's graceful shutdown runs at {@code
 * DEFAULT_PHASE - 1024}; this runs above it, so it stops first (and, symmetrically, starts after the
 * server is listening).
 */
@Component
class GatewayRegistration implements SmartLifecycle {

    private final Membership membership;
    private final GatewayProperties properties;
    private final Clock clock;
    private volatile boolean running;

    GatewayRegistration(Membership membership, GatewayProperties properties, Clock clock) {
        this.membership = membership;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void start() {
        Instant now = clock.instant();
        membership.join(
                new Member(properties.nodeId(), properties.advertisedUrl().toString(), properties.weight(), now, now));
        running = true;
    }

    @Override
    public void stop() {
        membership.leave();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 512;
    }
}
