package im.cluster;

import im.ring.Ring;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ring a service routes with, kept in step with the membership. Readers take {@link #current()}
 * without locking; a change builds a new ring off to the side and swaps it in whole, so no lookup
 * ever sees a half-built ring.
 */
public class RingHolder {

    private static final Logger log = LoggerFactory.getLogger(RingHolder.class);

    private final int virtualNodes;
    private final Clock clock;
    private final AtomicReference<RingView> current;
    private final MultiGauge signatureGauge;

    public RingHolder(RingProperties ring, MeterRegistry registry, Clock clock) {
        this.virtualNodes = ring.virtualNodes();
        this.clock = clock;
        this.current = new AtomicReference<>(new RingView(0, Ring.of(Map.of(), virtualNodes), clock.instant()));
        Gauge.builder("im.ring.epoch", this, h -> h.current().epoch())
                .description("Local count of ring rebuilds; compare signatures, not epochs, across nodes")
                .register(registry);
        Gauge.builder("im.ring.nodes", this, h -> h.current().ring().size())
                .description("Gateway nodes on the ring")
                .register(registry);
        this.signatureGauge = MultiGauge.builder("im.ring.signature")
                .description("1 for the current ring signature (as a label): nodes that agree show one value")
                .register(registry);
    }

    /** Follows {@code membership}: the current members now, and every change after. */
    public RingHolder follow(Membership membership) {
        membership.addListener(change -> update(weights(change.members()), change.reason()));
        update(weights(membership.members()), "current members");
        return this;
    }

    /** The ring in use now. */
    public RingView current() {
        return current.get();
    }

    /** Rebuilds the ring for {@code members} (id → weight) and swaps it in; logs the difference. */
    public synchronized RingView update(Map<String, Integer> members, String reason) {
        RingView before = current.get();
        Ring ring = Ring.of(members, virtualNodes);
        if (ring.signature().equals(before.ring().signature())) {
            return before;
        }
        RingView after = new RingView(before.epoch() + 1, ring, clock.instant());
        current.set(after);
        signatureGauge.register(List.of(MultiGauge.Row.of(Tags.of("signature", ring.signature()), 1)), true);
        List<String> joined =
                ring.nodes().stream().filter(n -> before.ring().weight(n) == 0).toList();
        List<String> left =
                before.ring().nodes().stream().filter(n -> ring.weight(n) == 0).toList();
        log.info(
                "ring epoch {} signature {} ({} nodes): joined {} left {} because {}",
                after.epoch(),
                ring.signature(),
                ring.size(),
                joined,
                left,
                reason);
        return after;
    }

    private static Map<String, Integer> weights(Map<String, Member> members) {
        Map<String, Integer> w = new LinkedHashMap<>();
        members.values().forEach(m -> w.put(m.id(), m.weight()));
        return w;
    }
}
