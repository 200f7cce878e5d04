package im.gateway.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.gateway.support.FakeConnection;
import im.gateway.support.GatewayCore;
import im.protocol.ErrorCode;
import im.protocol.frame.ServerFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DrainTest {

    private final GatewayCore core = new GatewayCore(
            Map.of("im.gateway.connection.drain-period", "200ms", "im.gateway.connection.idle-timeout", "60s"),
            components());
    private final ConnectionService service = core.get(ConnectionService.class);
    private final Drain drain = core.get(Drain.class);

    static Class<?>[] components() {
        List<Class<?>> all = new ArrayList<>(List.of(ConnectionServiceTest.core()));
        all.add(Drain.class);
        return all.toArray(Class<?>[]::new);
    }

    @AfterEach
    void stop() {
        core.close();
    }

    @Test
    void anOperatorDrainLeavesTheRingThenSendsEveryUserToTheirNewOwnerAsTheSameDevice() {
        core.ringOf(GatewayCore.NODE, "gw-b");
        List<FakeConnection> connections = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            FakeConnection c = new FakeConnection();
            service.opened(c, core.userOn(GatewayCore.NODE), "device-" + i);
            connections.add(c);
        }

        assertThat(drain.drainNow()).isTrue();
        assertThat(core.membership.left).isTrue();
        assertThat(drain.draining()).isTrue();
        // The leave reaches this node's ring as it reaches everyone's: gw-b owns every user now.
        core.membership.members.remove(GatewayCore.NODE);
        core.ring.update(Map.of("gw-b", 1), GatewayCore.NODE + " left");

        await().atMost(Duration.ofSeconds(10))
                .until(() -> connections.stream().allMatch(c -> c.closedWith() == ErrorCode.REDIRECT));
        for (int i = 0; i < 3; i++) {
            ServerFrame.Redirect r =
                    connections.get(i).frames(ServerFrame.Redirect.class).get(0);
            assertThat(r.node()).isEqualTo("gw-b");
            assertThat(r.url()).endsWith("?device=device-" + i);
        }
        assertThat(drain.drainNow()).as("a node drains once").isFalse();
    }
}
