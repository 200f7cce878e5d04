package im.gateway.message;

import static org.assertj.core.api.Assertions.assertThat;

import im.contracts.message.Delivery;
import im.gateway.group.GroupSupport;
import im.gateway.presence.PresenceRelay;
import im.gateway.session.ClientSession;
import im.gateway.session.SessionRegistry;
import im.gateway.support.FakeConnection;
import im.gateway.support.GatewayCore;
import im.protocol.frame.FrameCodec;
import im.protocol.frame.ServerFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Records of the node queue reaching local sessions: who gets the push, who the answer, and once. */
class LocalDeliveryTest {

    private final GatewayCore core = new GatewayCore(Map.of(), components());
    private final LocalDelivery delivery = core.get(LocalDelivery.class);
    private final SessionRegistry sessions = core.get(SessionRegistry.class);

    static Class<?>[] components() {
        List<Class<?>> all = new ArrayList<>(List.of(
                SessionRegistry.class,
                LocalDelivery.class,
                UnansweredSends.class,
                PresenceRelay.class,
                MessageFrames.class,
                SyncFrames.class,
                RoutingClient.class));
        all.addAll(List.of(GroupSupport.components()));
        return all.toArray(Class<?>[]::new);
    }

    @AfterEach
    void stop() {
        core.close();
    }

    private ClientSession open(FakeConnection c, String user, String device) {
        return sessions.open(c, user, device);
    }

    private static Delivery message(long seq, List<String> users, String origin) {
        return new Delivery(
                Delivery.Kind.MESSAGE,
                "d:ann:bob",
                seq,
                users,
                origin,
                "ann",
                0,
                0,
                "{\"type\":\"message\",\"seq\":" + seq + "}",
                origin == null ? null : "{\"type\":\"accepted\",\"seq\":" + seq + "}",
                origin == null ? null : "c-" + seq);
    }

    @Test
    void everyDeviceOfTheRecipientGetsThePushAndTheSendingSessionItsAnswer() {
        FakeConnection bobPhone = new FakeConnection();
        FakeConnection bobLaptop = new FakeConnection();
        FakeConnection annPhone = new FakeConnection();
        FakeConnection annTablet = new FakeConnection();
        open(bobPhone, "bob", "phone");
        open(bobLaptop, "bob", "laptop");
        ClientSession sender = open(annPhone, "ann", "phone");
        open(annTablet, "ann", "tablet");

        delivery.deliver(message(1, List.of("bob", "ann"), sender.id()));

        assertThat(bobPhone.sent).containsExactly("{\"type\":\"message\",\"seq\":1}");
        assertThat(bobLaptop.sent).containsExactly("{\"type\":\"message\",\"seq\":1}");
        assertThat(annPhone.sent).containsExactly("{\"type\":\"accepted\",\"seq\":1}");
        assertThat(annTablet.sent).containsExactly("{\"type\":\"message\",\"seq\":1}");
    }

    @Test
    void aForwardRepeatedByARerunBatchIsNotPushedTwiceButIsAnsweredAgain() {
        FakeConnection bob = new FakeConnection();
        FakeConnection ann = new FakeConnection();
        open(bob, "bob", "phone");
        ClientSession sender = open(ann, "ann", "phone");

        delivery.deliver(message(1, List.of("bob", "ann"), sender.id()));
        delivery.deliver(message(1, List.of("bob", "ann"), sender.id()));
        delivery.deliver(message(2, List.of("bob"), null));

        assertThat(bob.sent).hasSize(2);
        assertThat(ann.sent).hasSize(2).allMatch(f -> f.contains("accepted"));
    }

    @Test
    void aRefusalReachesOnlyTheSendingSession() {
        FakeConnection phone = new FakeConnection();
        FakeConnection laptop = new FakeConnection();
        ClientSession sender = open(phone, "ann", "phone");
        open(laptop, "ann", "laptop");

        delivery.deliver(new Delivery(
                Delivery.Kind.REJECTED,
                "d:ann:bob",
                0,
                List.of(),
                sender.id(),
                "ann",
                0,
                0,
                "{\"type\":\"error\",\"code\":\"blocked\"}",
                null,
                "c-1"));

        assertThat(phone.sent).containsExactly("{\"type\":\"error\",\"code\":\"blocked\"}");
        assertThat(laptop.sent).isEmpty();
    }

    private static Delivery delivered(long seq) {
        String frame = FrameCodec.encode(new ServerFrame.Delivered("d:ann:bob", seq, "bob"));
        return new Delivery(
                Delivery.Kind.DELIVERED, "d:ann:bob", seq, List.of("ann"), null, "bob", 0, 0, frame, null, null);
    }

    @Test
    void aDeliveredNoticeReachesEveryDeviceOfTheNamedUserAndNeverGoesBack() {
        FakeConnection annPhone = new FakeConnection();
        FakeConnection annTablet = new FakeConnection();
        FakeConnection bob = new FakeConnection();
        open(annPhone, "ann", "phone");
        open(annTablet, "ann", "tablet");
        open(bob, "bob", "phone");

        delivery.deliver(delivered(3));
        delivery.deliver(delivered(2)); // a late notice: the connection was told 3 already
        delivery.deliver(delivered(3));
        delivery.deliver(delivered(5));

        ServerFrame.Delivered three = new ServerFrame.Delivered("d:ann:bob", 3, "bob");
        ServerFrame.Delivered five = new ServerFrame.Delivered("d:ann:bob", 5, "bob");
        assertThat(annPhone.frames()).containsExactly(three, five);
        assertThat(annTablet.frames()).containsExactly(three, five);
        assertThat(bob.sent).isEmpty();
    }

    @Test
    void aDeliveredNoticeIsIndependentOfTheMessagesTheConnectionWasGiven() {
        FakeConnection ann = new FakeConnection();
        open(ann, "ann", "phone");

        delivery.deliver(message(4, List.of("ann"), null));
        delivery.deliver(delivered(2));

        assertThat(ann.sent).hasSize(2);
        assertThat(ann.frames(ServerFrame.Delivered.class))
                .extracting(ServerFrame.Delivered::seq)
                .containsExactly(2L);
    }

    @Test
    void aClosedSessionGetsNothingMore() {
        FakeConnection bob = new FakeConnection();
        ClientSession s = open(bob, "bob", "phone");
        sessions.close(s);

        delivery.deliver(message(1, List.of("bob"), null));

        assertThat(bob.sent).isEmpty();
    }
}
