package im.gateway.ws;

import im.gateway.GatewayProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * How many new connections this node takes per second: a token bucket of {@code connect-burst}
 * connects refilled at {@code connect-rate} per second, taken before the token is verified. A
 * connect past it is closed with {@code connect_throttled} (4429) and the client reconnects after its
 * backoff.
 *
 * <p>Why: when a gateway dies its users reconnect to the others at once. Unbounded, each login costs
 * a token check, a session event to presence and a registry entry, all on two cores: membership
 * heartbeats and pongs of the connections already held wait behind the storm, and a node that
 * misses its heartbeats drops out of the ring — the collapse this bound prevents. The jittered
 * backoff of the clients spreads the retries.
 *
 * <p>Thread-safe: called from Tomcat's request threads; one short lock per connect.
 */
@Component
class ConnectAdmission {

    private final double ratePerNano;
    private final double burst;
    private final LongSupplier nanos;
    private final Counter throttled;
    private double tokens;
    private long refilledAt;

    @Autowired
    ConnectAdmission(GatewayProperties properties, MeterRegistry meters) {
        this(
                properties.connection().connectRate(),
                properties.connection().connectBurst(),
                System::nanoTime,
                Counter.builder("im.gateway.connects.throttled")
                        .description("Connects closed with connect_throttled: past the node's connect rate")
                        .register(meters));
    }

    ConnectAdmission(int ratePerSecond, int burst, LongSupplier nanos, Counter throttled) {
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.nanos = nanos;
        this.throttled = throttled;
        this.tokens = burst;
        this.refilledAt = nanos.getAsLong();
    }

    /** Takes one connect from the bucket; false (and counted) when it is empty. */
    synchronized boolean admit() {
        long now = nanos.getAsLong();
        tokens = Math.min(burst, tokens + (now - refilledAt) * ratePerNano);
        refilledAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        throttled.increment();
        return false;
    }
}
