package im.gateway.connection;

import static org.assertj.core.api.Assertions.assertThat;

import im.gateway.group.GroupSupport;
import im.gateway.message.LocalDelivery;
import im.gateway.message.MessageFrames;
import im.gateway.message.UnansweredSends;
import im.gateway.presence.PresenceRelay;
import im.gateway.session.ClientSession;
import im.gateway.session.SessionRegistry;
import im.gateway.support.FakeConnection;
import im.gateway.support.GatewayCore;
import im.protocol.ErrorCode;
import im.protocol.frame.Ref;
import im.protocol.frame.ServerFrame;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The life of a connection over a fake transport: placement, frames, heartbeats, kicks, moves. */
class ConnectionServiceTest {

    static final Class<?>[] CORE = {
        ConnectionService.class,
        SessionRegistry.class,
        PresenceRelay.class,
        MessageFrames.class,
        LocalDelivery.class,
        UnansweredSends.class,
        Rebalancer.class
    };

    private final GatewayCore core = new GatewayCore(Map.of("im.gateway.connection.idle-timeout", "60s"), core());
    private final ConnectionService service = core.get(ConnectionService.class);
    private final SessionRegistry sessions = core.get(SessionRegistry.class);

    /** The core's components, the package-private ones included. */
    static Class<?>[] core() {
        java.util.List<Class<?>> all = new java.util.ArrayList<>(java.util.List.of(CORE));
        all.add(im.gateway.message.MessageFramesSupport.syncFrames());
        all.add(im.gateway.message.MessageFramesSupport.routingClient());
        all.addAll(java.util.List.of(GroupSupport.components()));
        return all.toArray(Class<?>[]::new);
    }

    @AfterEach
    void stop() {
        core.close();
    }

    private FakeConnection open(String user, String device) {
        FakeConnection c = new FakeConnection();
        service.opened(c, user, device);
        return c;
    }

    @Test
    void aUserOnThisNodeIsWelcomedWithASession() {
        core.ringOf(GatewayCore.NODE, "gw-b");
        String user = core.userOn(GatewayCore.NODE);
        FakeConnection c = open(user, "phone");

        ServerFrame.Welcome w = (ServerFrame.Welcome) c.frames().get(0);
        assertThat(w.userId()).isEqualTo(user);
        assertThat(w.node()).isEqualTo(GatewayCore.NODE);
        assertThat(w.sessionId()).isEqualTo(sessions.byConnection(c.id()).id());
        assertThat(core.sessionEvents).hasSize(1);
    }

    @Test
    void aUserOfAnotherNodeIsRedirectedThereAsTheSameDevice() {
        core.ringOf(GatewayCore.NODE, "gw-b");
        FakeConnection c = open(core.userOn("gw-b"), "my phone");

        ServerFrame.Redirect r = (ServerFrame.Redirect) c.frames().get(0);
        assertThat(r.node()).isEqualTo("gw-b");
        assertThat(r.url()).isEqualTo("ws://gw-b.example:8080/ws?device=my%20phone");
        assertThat(c.closedWith()).isEqualTo(ErrorCode.REDIRECT);
        assertThat(sessions.count()).isZero();
    }

    @Test
    void framesAreAnsweredWithTheirRefAndABadOneLeavesTheConnectionOpen() {
        core.ringOf(GatewayCore.NODE);
        FakeConnection c = open("ann", "d");

        service.onText(c, "{\"type\":\"ping\",\"ref\":{\"n\":1}}");
        service.onText(c, "{\"ref\":7}");
        service.onUnreadable(c, "binary");
        service.onText(c, "{\"type\":\"ping\"}");

        assertThat(c.frames(ServerFrame.Pong.class))
                .extracting(ServerFrame.Pong::ref)
                .containsExactly(new Ref("{\"n\":1}"), null);
        assertThat(c.frames(ServerFrame.Error.class))
                .extracting(ServerFrame.Error::code, ServerFrame.Error::ref)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("malformed_frame", new Ref("7")),
                        org.assertj.core.groups.Tuple.tuple("malformed_frame", null));
        assertThat(c.isOpen()).isTrue();
    }

    @Test
    void aClosedConnectionEndsItsSessionOnceAndReleasesIt() {
        core.ringOf(GatewayCore.NODE);
        FakeConnection c = open("ann", "d");
        ClientSession s = sessions.byConnection(c.id());

        service.closed(c);
        service.closed(c);

        assertThat(sessions.count()).isZero();
        assertThat(s.isClosed()).isTrue();
        assertThat(core.sessionEvents).hasSize(2); // opened, closed once
    }

    @Test
    void aConnectionSilentForTheIdleTimeoutIsClosedAndAFrameKeepsItOpen() {
        core.ringOf(GatewayCore.NODE);
        FakeConnection quiet = open("ann", "a");
        FakeConnection talking = open("bob", "b");
        core.clock.advance(Duration.ofSeconds(40));
        service.onText(talking, "{\"type\":\"ping\"}");
        core.clock.advance(Duration.ofSeconds(30));

        service.closeIdle();

        assertThat(quiet.closedWith()).isEqualTo(ErrorCode.IDLE_TIMEOUT);
        assertThat(talking.isOpen()).isTrue();
    }

    @Test
    void aKickClosesOnlyTheNamedDevice() {
        core.ringOf(GatewayCore.NODE);
        FakeConnection phone = open("ann", "phone");
        FakeConnection laptop = open("ann", "laptop");

        assertThat(service.closeSessions("ann", "phone", ErrorCode.KICKED, "operator"))
                .isEqualTo(1);

        assertThat(phone.closedWith()).isEqualTo(ErrorCode.KICKED);
        assertThat(laptop.isOpen()).isTrue();
    }

    @Test
    void whenTheRingMovesAUserAwayTheirSessionIsRedirectedToTheNewOwner() {
        core.ringOf(GatewayCore.NODE, "gw-b", "gw-c", "gw-d", "gw-e");
        String user = core.userOn("gw-b"); // here once the ring shrinks to this node alone, gw-b's after
        core.ringOf(GatewayCore.NODE);
        core.membership.members.keySet().retainAll(java.util.Set.of(GatewayCore.NODE));
        core.ring.update(Map.of(GatewayCore.NODE, 1), "others left");
        FakeConnection c = open(user, "d");
        assertThat(service.misplaced()).isEmpty();
        core.ringOf(GatewayCore.NODE, "gw-b", "gw-c", "gw-d", "gw-e");

        assertThat(service.misplaced()).extracting(ClientSession::userId).containsExactly(user);
        service.moveAway(sessions.byConnection(c.id()));

        assertThat(c.frames(ServerFrame.Redirect.class).get(0).node()).isEqualTo("gw-b");
        assertThat(c.closedWith()).isEqualTo(ErrorCode.REDIRECT);
    }

    @Test
    void aNodeMissingFromItsOwnRingMovesNobodyUntilItIsBack() {
        core.ringOf(GatewayCore.NODE, "gw-b");
        FakeConnection c = open(core.userOn(GatewayCore.NODE), "d");
        // Its registration lapsed (a late heartbeat): every ring, its own included, drops it for a moment.
        core.ring.update(Map.of("gw-b", 1), "registration of " + GatewayCore.NODE + " expired");

        assertThat(service.misplaced()).isEmpty();
        assertThat(c.isOpen()).isTrue();

        core.ringOf(GatewayCore.NODE, "gw-b");
        assertThat(service.misplaced()).isEmpty();
    }

    @Test
    void drainingWithNoOtherNodeClosesWithNodeDraining() {
        core.ringOf(GatewayCore.NODE);
        FakeConnection c = open("ann", "d");
        core.ring.update(Map.of(), "left");

        service.moveAway(sessions.byConnection(c.id()));

        assertThat(c.closedWith()).isEqualTo(ErrorCode.NODE_DRAINING);
    }
}
