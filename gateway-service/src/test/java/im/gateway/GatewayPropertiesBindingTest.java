package im.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class GatewayPropertiesBindingTest {

    @EnableConfigurationProperties(GatewayProperties.class)
    static class Config {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Config.class);

    @Test
    void bindsNodeIdentity() {
        runner.withPropertyValues(
                        "im.gateway.node-id=gw-7", "im.gateway.weight=2", "im.gateway.advertised-url=ws://h:1/ws")
                .run(ctx -> {
                    GatewayProperties p = ctx.getBean(GatewayProperties.class);
                    assertThat(p.nodeId()).isEqualTo("gw-7");
                    assertThat(p.weight()).isEqualTo(2);
                    assertThat(p.advertisedUrl()).hasToString("ws://h:1/ws");
                });
    }

    @Test
    void connectionDefaultsAreDocumentedValues() {
        runner.run(ctx -> {
            GatewayProperties.ConnectionSettings c =
                    ctx.getBean(GatewayProperties.class).connection();
            assertThat(c.heartbeatInterval()).hasSeconds(25);
            assertThat(c.idleTimeout()).hasSeconds(60);
            assertThat(c.maxFrameSize().toKilobytes()).isEqualTo(64);
            assertThat(c.placement()).isEqualTo(GatewayProperties.Placement.REDIRECT);
        });
    }

    @Test
    void refusesToStartWithAZeroWeight() {
        runner.withPropertyValues("im.gateway.weight=0")
                .run(ctx ->
                        assertThat(ctx).hasFailed().getFailure().rootCause().hasMessageContaining("im.gateway.weight"));
    }

    @Test
    void refusesANodeIdThatCannotNameAKafkaTopic() {
        runner.withPropertyValues("im.gateway.node-id=gw 1/x")
                .run(ctx -> assertThat(ctx)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("im.gateway.node-id"));
    }

    @Test
    void routingDefaultsPointAtTheLocalRoutingServicesManagementPort() {
        runner.run(ctx -> {
            GatewayProperties.Routing r = ctx.getBean(GatewayProperties.class).routing();
            assertThat(r.url()).hasToString("http://127.0.0.1:9090");
            assertThat(r.timeout()).hasSeconds(5);
        });
    }
}
