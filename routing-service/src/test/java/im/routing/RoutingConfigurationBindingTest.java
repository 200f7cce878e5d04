package im.routing;

import static org.assertj.core.api.Assertions.assertThat;

import im.cluster.RingProperties;
import im.ring.Ring;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class RoutingConfigurationBindingTest {

    @EnableConfigurationProperties({RingProperties.class, RoutingProperties.class})
    static class Config {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Config.class);

    @Test
    void defaultsApplyWhenNothingIsSet() {
        runner.run(ctx -> {
            RingProperties ring = ctx.getBean(RingProperties.class);
            assertThat(ring.virtualNodes()).isEqualTo(Ring.DEFAULT_VIRTUAL_NODES);
            assertThat(ctx.getBean(RoutingProperties.class).ownersShown()).isEqualTo(3);
        });
    }

    @Test
    void aVirtualNodeCountBelowOneIsRefusedAtStart() {
        runner.withPropertyValues("im.ring.virtual-nodes=0")
                .run(ctx -> assertThat(ctx)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("im.ring.virtual-nodes"));
    }

    @Test
    void environmentOverridesBind() {
        runner.withPropertyValues("im.ring.virtual-nodes=64", "im.routing.owners-shown=2")
                .run(ctx -> {
                    RingProperties ring = ctx.getBean(RingProperties.class);
                    assertThat(ring.virtualNodes()).isEqualTo(64);
                    assertThat(ctx.getBean(RoutingProperties.class).ownersShown())
                            .isEqualTo(2);
                });
    }

    @Test
    void pipelineDefaultsAreTheDocumentedValues() {
        runner.run(ctx -> {
            RoutingProperties.Pipeline p = ctx.getBean(RoutingProperties.class).pipeline();
            assertThat(p.maxInFlight()).isEqualTo(8);
            assertThat(p.commitInterval()).hasMillis(200);
            assertThat(p.forwardTimeout()).hasSeconds(30);
            assertThat(p.retryBackoffMax()).hasSeconds(5);
            assertThat(p.syncPageLimit()).isEqualTo(500);
        });
    }

    @Test
    void pipelineSettingsBindFromTheEnvironmentStyle() {
        runner.withPropertyValues("im.routing.pipeline.max-in-flight=6", "im.routing.pipeline.forward-timeout=2s")
                .run(ctx -> {
                    RoutingProperties.Pipeline p =
                            ctx.getBean(RoutingProperties.class).pipeline();
                    assertThat(p.maxInFlight()).isEqualTo(6);
                    assertThat(p.forwardTimeout()).hasSeconds(2);
                });
    }
}
