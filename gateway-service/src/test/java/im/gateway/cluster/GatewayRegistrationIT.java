package im.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import im.cluster.Membership;
import im.cluster.MembershipProperties;
import im.cluster.redis.RedisMembership;
import im.gateway.GatewayApplication;
import im.infra.Infrastructure;
import im.infra.junit.InfrastructureExtension;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** A real gateway process registers itself when it serves and is gone from others' view as it stops. */
@ExtendWith(InfrastructureExtension.class)
class GatewayRegistrationIT {

    @Test
    void aGatewayJoinsOnStartAndLeavesFirstOnShutdown(Infrastructure infra) throws Exception {
        MembershipProperties props = new MembershipProperties(
                MembershipProperties.Type.REDIS,
                Duration.ofMillis(500),
                Duration.ofSeconds(2),
                Duration.ofSeconds(1),
                "IMSERVER-gw-it",
                "/unused/");
        try (Membership observer =
                RedisMembership.connect(infra.redisHost(), infra.redisPort(), props, Clock.systemUTC())) {
            observer.start();
            ConfigurableApplicationContext gateway = new SpringApplicationBuilder(GatewayApplication.class)
                    .run(
                            "--server.port=0",
                            "--im.gateway.node-id=gw-it-1",
                            "--im.gateway.weight=3",
                            "--im.gateway.auth.secret=0123456789abcdef0123456789abcdef",
                            "--im.membership.redis-key=IMSERVER-gw-it");
            try {
                awaitUntil(Duration.ofSeconds(2), () -> observer.members().containsKey("gw-it-1"));
                assertThat(observer.members().get("gw-it-1").weight()).isEqualTo(3);
            } finally {
                long t0 = System.nanoTime();
                gateway.close();
                awaitUntil(Duration.ofSeconds(1), () -> !observer.members().containsKey("gw-it-1"));
                System.out.printf(
                        "[gateway] gone from the membership %d ms after close()%n",
                        (System.nanoTime() - t0) / 1_000_000);
            }
        }
    }

    private static void awaitUntil(Duration max, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within " + max).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
