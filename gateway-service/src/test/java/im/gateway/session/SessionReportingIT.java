package im.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import im.contracts.ContractJson;
import im.contracts.presence.SessionEvent;
import im.gateway.support.FakeConnection;
import im.infra.Infrastructure;
import im.infra.SharedInfrastructure;
import im.infra.junit.InfrastructureExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The gateway reports its sessions to presence over Kafka: each change by user, snapshots by node. */
@ExtendWith(InfrastructureExtension.class)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"im.gateway.node-id=gw-report", "im.gateway.session-snapshot-interval=300ms"})
class SessionReportingIT {

    @Autowired
    SessionRegistry sessions;

    private final Infrastructure infra = SharedInfrastructure.get();

    @Test
    void opensAndClosesAreReportedInOrderPerUserAndSnapshotsListWhatIsLive() {
        String alice = "alice-" + UUID.randomUUID();
        String bob = "bob-" + UUID.randomUUID();
        ClientSession phone = sessions.open(new FakeConnection(), alice, "phone");
        ClientSession laptop = sessions.open(new FakeConnection(), alice, "laptop");
        ClientSession bobs = sessions.open(new FakeConnection(), bob, "phone");
        sessions.close(phone);
        sessions.close(phone); // idempotent: no second event
        assertThat(sessions.sessionsOf(alice)).containsExactly(laptop);

        List<SessionEvent> aliceEvents = new ArrayList<>();
        SessionEvent lastSnapshot = null;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        infra.kafkaBootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "it-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(SessionEvent.TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (System.nanoTime() < deadline
                    && (aliceEvents.size() < 3
                            || lastSnapshot == null
                            || lastSnapshot.sessions().size() != 2)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    SessionEvent e = ContractJson.read(r.value(), SessionEvent.class);
                    if (alice.equals(e.userId())) {
                        assertThat(r.key()).isEqualTo(alice);
                        aliceEvents.add(e);
                    } else if (e.type() == SessionEvent.Type.SNAPSHOT
                            && e.node().equals("gw-report")) {
                        assertThat(r.key()).isEqualTo("gw-report");
                        lastSnapshot = e;
                    }
                }
            }
        }
        assertThat(aliceEvents)
                .extracting(SessionEvent::type)
                .containsExactly(SessionEvent.Type.OPENED, SessionEvent.Type.OPENED, SessionEvent.Type.CLOSED);
        assertThat(aliceEvents.get(2).session().sessionId())
                .isEqualTo(phone.info().sessionId());
        assertThat(lastSnapshot).isNotNull();
        assertThat(lastSnapshot.sessions())
                .extracting(us -> us.session().sessionId())
                .containsExactlyInAnyOrder(
                        laptop.info().sessionId(), bobs.info().sessionId());
    }
}
