package im.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RingHolderTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RingHolder holder = new RingHolder(new RingProperties(64), registry, Clock.systemUTC());

    @Test
    void startsEmptyAtEpochZero() {
        assertThat(holder.current().ring().isEmpty()).isTrue();
        assertThat(holder.current().epoch()).isZero();
    }

    @Test
    void aChangeSwapsInANewRingAndBumpsTheEpochAndMetrics() {
        RingView v = holder.update(Map.of("a", 1, "b", 3), "test");
        assertThat(v.epoch()).isEqualTo(1);
        assertThat(holder.current()).isSameAs(v);
        assertThat(v.ring().weight("b")).isEqualTo(3);
        assertThat(registry.get("im.ring.epoch").gauge().value()).isEqualTo(1);
        assertThat(registry.get("im.ring.nodes").gauge().value()).isEqualTo(2);
        assertThat(registry.get("im.ring.signature")
                        .tag("signature", v.ring().signature())
                        .gauge()
                        .value())
                .isEqualTo(1);
    }

    @Test
    void anUnchangedMembershipKeepsTheRingAndEpoch() {
        RingView before = holder.update(Map.of("a", 1, "b", 1), "first");
        assertThat(holder.update(Map.of("b", 1, "a", 1), "same")).isSameAs(before);
    }
}
