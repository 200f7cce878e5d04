package im.gateway.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import im.contracts.ContractJson;
import im.contracts.message.InboundMessage;
import im.contracts.message.MessageTopics;
import im.contracts.message.Receipt;
import im.gateway.session.ClientSession;
import im.gateway.session.SessionRegistry;
import im.gateway.support.FakeConnection;
import im.gateway.support.GatewayCore;
import im.protocol.frame.ClientFrame;
import im.protocol.frame.Ref;
import im.protocol.frame.ServerFrame;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The message frames of a session: what goes to routing, what is refused and how. */
class MessageFramesTest {

    private final GatewayCore core = new GatewayCore(
            Map.of("im.gateway.connection.send-burst", "3", "im.gateway.connection.send-rate", "1"),
            LocalDeliveryTest.components());
    private final MessageFrames frames = core.get(MessageFrames.class);
    private final FakeConnection connection = new FakeConnection();
    private final ClientSession ann = core.get(SessionRegistry.class).open(connection, "ann", "phone");

    @AfterEach
    void stop() {
        core.close();
    }

    @Test
    void aSendGoesToRoutingKeyedByItsConversationFromTheSessionsUser() {
        frames.onFrame(ann, new ClientFrame.Send(Ref.of(1), "bob", null, "c-1", "hi"));

        ProducerRecord<String, String> r = core.kafka.history().get(0);
        assertThat(r.topic()).isEqualTo(MessageTopics.INBOUND);
        assertThat(r.key()).isEqualTo("d:ann:bob");
        InboundMessage m = ContractJson.read(r.value(), InboundMessage.class);
        assertThat(m.from()).isEqualTo("ann");
        assertThat(m.senderSession()).isEqualTo(ann.id());
        assertThat(m.senderNode()).isEqualTo(GatewayCore.NODE);
        assertThat(connection.sent).isEmpty(); // 'accepted' comes from routing, through the node queue
    }

    @Test
    void overItsBudgetASendIsRateLimitedAndNothingGoesToRouting() {
        for (int i = 0; i < 4; i++) {
            frames.onFrame(ann, new ClientFrame.Send(null, "bob", null, "c-" + i, "hi"));
        }

        assertThat(core.kafka.history()).hasSize(3);
        ServerFrame.Error e = connection.frames(ServerFrame.Error.class).get(0);
        assertThat(e.code()).isEqualTo("rate_limited");
        assertThat(e.clientMsgId()).isEqualTo("c-3");
    }

    @Test
    void aSendRoutingDoesNotAnswerInTimeIsAnsweredUnavailableOnce() throws InterruptedException {
        GatewayCore quick =
                new GatewayCore(Map.of("im.gateway.connection.answer-timeout", "50ms"), LocalDeliveryTest.components());
        try (quick) {
            FakeConnection c = new FakeConnection();
            ClientSession s = quick.get(SessionRegistry.class).open(c, "ann", "phone");
            quick.get(MessageFrames.class).onFrame(s, new ClientFrame.Send(Ref.of("r"), "bob", null, "c-5", "hi"));
            UnansweredSends answers = quick.get(UnansweredSends.class);
            answers.sweep();
            assertThat(c.frames(ServerFrame.Error.class)).as("not overdue yet").isEmpty();

            Thread.sleep(60);
            answers.sweep();
            answers.sweep();

            assertThat(c.frames(ServerFrame.Error.class)).singleElement().satisfies(e -> {
                assertThat(e.code()).isEqualTo("unavailable");
                assertThat(e.clientMsgId()).isEqualTo("c-5");
            });
            assertThat(s.awaitsAnswers()).isFalse();
        }
    }

    @Test
    void aSweepOverManyWaitingConnectionsEnds() {
        SessionRegistry sessions = core.get(SessionRegistry.class);
        for (int i = 0; i < 200; i++) {
            ClientSession s = sessions.open(new FakeConnection(), "u" + i, "phone");
            frames.onFrame(s, new ClientFrame.Send(null, "bob", null, "c-" + i, "hi"));
        }
        // Sessions still waiting are put back while the sweep runs; it must still come to an end.
        assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(5),
                () -> core.get(UnansweredSends.class).sweep());
    }

    @Test
    void aSendRoutingAnsweredIsNotAnsweredAgain() throws InterruptedException {
        GatewayCore quick =
                new GatewayCore(Map.of("im.gateway.connection.answer-timeout", "50ms"), LocalDeliveryTest.components());
        try (quick) {
            FakeConnection c = new FakeConnection();
            ClientSession s = quick.get(SessionRegistry.class).open(c, "ann", "phone");
            quick.get(MessageFrames.class).onFrame(s, new ClientFrame.Send(Ref.of("r"), "bob", null, "c-6", "hi"));
            quick.get(LocalDelivery.class)
                    .deliver(new im.contracts.message.Delivery(
                            im.contracts.message.Delivery.Kind.MESSAGE,
                            "d:ann:bob",
                            1,
                            java.util.List.of("ann"),
                            s.id(),
                            "ann",
                            0,
                            0,
                            "{\"type\":\"message\"}",
                            "{\"type\":\"accepted\"}",
                            "c-6"));

            Thread.sleep(60);
            quick.get(UnansweredSends.class).sweep();

            assertThat(c.sent).containsExactly("{\"type\":\"accepted\"}");
            assertThat(s.awaitsAnswers()).isFalse();
        }
    }

    @Test
    void aSendKafkaDoesNotTakeIsAnsweredUnavailableSoTheClientResends() {
        GatewayCore manual = new GatewayCore(false, Map.of(), LocalDeliveryTest.components());
        try (manual) {
            FakeConnection c = new FakeConnection();
            ClientSession s = manual.get(SessionRegistry.class).open(c, "ann", "phone");
            manual.get(MessageFrames.class).onFrame(s, new ClientFrame.Send(Ref.of("r"), "bob", null, "c-9", "hi"));
            manual.kafka.errorNext(new org.apache.kafka.common.errors.TimeoutException("Kafka is away"));

            ServerFrame.Error e = c.frames(ServerFrame.Error.class).get(0);
            assertThat(e.code()).isEqualTo("unavailable");
            assertThat(e.clientMsgId()).isEqualTo("c-9");
            assertThat(e.ref()).isEqualTo(Ref.of("r"));
        }
    }

    @Test
    void aSendKafkaRefusesAtOnceIsAnsweredUnavailableAndTheConnectionLives() {
        core.kafka.shutDown(); // every send now throws in the caller's thread
        frames.onFrame(ann, new ClientFrame.Send(null, "bob", null, "c-7", "hi"));

        ServerFrame.Error e = connection.frames(ServerFrame.Error.class).get(0);
        assertThat(e.code()).isEqualTo("unavailable");
        assertThat(e.clientMsgId()).isEqualTo("c-7");
        assertThat(connection.isOpen()).isTrue();
    }

    @Test
    void anAckOfAConversationTheUserIsNotInIsForbidden() {
        frames.onFrame(ann, new ClientFrame.Ack(Ref.of(2), "d:bob:cid", 1));

        ServerFrame.Error e = connection.frames(ServerFrame.Error.class).get(0);
        assertThat(e.code()).isEqualTo("forbidden");
        assertThat(core.kafka.history()).isEmpty();
    }

    @Test
    void anAckOfWhatThisConnectionWasGivenMovesTheDevicesCursor() {
        ann.advance("d:ann:bob", 5);

        frames.onFrame(ann, new ClientFrame.Ack(null, "d:ann:bob", 5));

        ProducerRecord<String, String> r = core.kafka.history().get(0);
        assertThat(r.topic()).isEqualTo(MessageTopics.RECEIPTS);
        assertThat(ContractJson.read(r.value(), Receipt.class)).isEqualTo(new Receipt("ann", "phone", "d:ann:bob", 5));
    }
}
