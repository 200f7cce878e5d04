package im.routing.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.common.ring.RingProperties;
import im.routing.RoutingProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RingHolderTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private RingHolder holder(String... members) {
        return new RingHolder(
                new RingProperties(64), new RoutingProperties(List.of(members)), registry, Clock.systemUTC());
    }

    @Test
    void configuredMembersFormTheFirstRing() {
        RingHolder h = holder("a", "b:3");
        assertThat(h.current().epoch()).isEqualTo(1);
        assertThat(h.current().ring().weight("b")).isEqualTo(3);
        assertThat(registry.get("im.ring.nodes").gauge().value()).isEqualTo(2);
    }

    @Test
    void aChangeSwapsInANewRingAndBumpsTheEpoch() {
        RingHolder h = holder("a", "b");
        RingView v = h.update(Map.of("a", 1, "b", 1, "c", 1), "test");
        assertThat(v.epoch()).isEqualTo(2);
        assertThat(h.current()).isSameAs(v);
        assertThat(registry.get("im.ring.epoch").gauge().value()).isEqualTo(2);
    }

    @Test
    void anUnchangedMembershipKeepsTheRingAndEpoch() {
        RingHolder h = holder("a", "b");
        RingView before = h.current();
        assertThat(h.update(Map.of("b", 1, "a", 1), "same")).isSameAs(before);
    }

    @Test
    void noMembersMeansAnEmptyRingAtEpochZero() {
        RingHolder h = holder();
        assertThat(h.current().ring().isEmpty()).isTrue();
        assertThat(h.current().epoch()).isZero();
    }

    @Test
    void aBadWeightIsReportedWithTheEntry() {
        assertThatThrownBy(() -> holder("a:x")).hasMessageContaining("'a:x'");
        assertThatThrownBy(() -> holder("a:0")).hasMessageContaining("weight");
    }
}
