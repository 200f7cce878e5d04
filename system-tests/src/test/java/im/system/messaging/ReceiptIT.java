package im.system.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.client.Delivered;
import im.client.ImClient;
import im.infra.SharedInfrastructure;
import im.protocol.ConversationId;
import im.system.support.TestClient;
import im.system.support.TestCluster;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Delivery receipts to the sender across two gateway processes: the recipient's ack comes back to the
 * sender as {@code delivered}, and the sync of the conversation shows it again as {@code peerDelivered}.
 */
class ReceiptIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static TestCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = TestCluster.start(SharedInfrastructure.get(), 2, Map.of(), "receipts");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static boolean isType(JsonNode f, String type) {
        return f.path("type").asString().equals(type);
    }

    @Test
    void theRecipientsAckReachesTheSenderAsDeliveredAndALaterSyncShowsItAsPeerDelivered() {
        String a = cluster.userOn("gw-1", "alice");
        String b = cluster.userOn("gw-2", "bob");
        String conv = ConversationId.direct(a, b);
        long seq;
        try (TestClient alice = cluster.connect(a, "phone");
                TestClient bob = cluster.connect(b, "phone")) {
            alice.send("send", "to", b, "clientMsgId", "r-1", "body", "one");
            alice.send("send", "to", b, "clientMsgId", "r-2", "body", "two");
            seq = alice.await(
                            f -> isType(f, "accepted")
                                    && f.path("clientMsgId").asString().equals("r-2"),
                            WAIT)
                    .frame()
                    .get("seq")
                    .asLong();
            assertThat(seq).isEqualTo(2);
            bob.await(f -> isType(f, "message") && f.path("seq").asLong() == 2, WAIT);

            bob.send("ack", "conv", conv, "seq", seq);

            JsonNode delivered = alice.awaitType("delivered", WAIT);
            assertThat(delivered.get("conv").asString()).isEqualTo(conv);
            assertThat(delivered.get("seq").asLong()).isEqualTo(seq);
            assertThat(delivered.get("user").asString()).isEqualTo(b);
            // The cursor is stored before the notice is sent: any later sync reads it.
            alice.send("sync", "conv", conv, "after", 0, "ref", 1);
            assertThat(alice.awaitType("messages", WAIT).get("peerDelivered").asLong())
                    .isEqualTo(seq);
            // Bob's own view of the conversation: nothing of alice's devices acknowledged yet.
            bob.send("sync", "conv", conv, "after", 0, "ref", 2);
            assertThat(bob.awaitType("messages", WAIT).get("peerDelivered").asLong())
                    .isZero();
        }
        // A reload (another connection, another device of alice's) shows the tick again.
        try (TestClient aliceLaptop = cluster.connect(a, "laptop")) {
            aliceLaptop.send("sync", "conv", conv, "after", 0, "ref", 3);
            assertThat(aliceLaptop
                            .awaitType("messages", WAIT)
                            .get("peerDelivered")
                            .asLong())
                    .isEqualTo(seq);
        }
    }

    @Test
    void theReferenceClientTellsOnDeliveredWhenThePeersClientAcknowledges() {
        String a = cluster.userOn("gw-1", "ann");
        String b = cluster.userOn("gw-2", "ben");
        List<Delivered> atAnn = new CopyOnWriteArrayList<>();
        try (ImClient ann = client(a, atAnn::add);
                ImClient ben = client(b, d -> {})) {
            await().atMost(WAIT).until(() -> ann.isConnected() && ben.isConnected());

            ann.send(b, "hello").orTimeout(30, TimeUnit.SECONDS).join();
            ann.send(b, "again").orTimeout(30, TimeUnit.SECONDS).join();

            // Ben's client acknowledges what it handed over; ann's client hears of it, never going back.
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(atAnn).contains(new Delivered(ConversationId.direct(a, b), 2, b)));
            assertThat(atAnn).extracting(Delivered::seq).isSorted().doesNotHaveDuplicates();
        }
    }

    private static ImClient client(String user, Consumer<Delivered> onDelivered) {
        List<URI> gateways = cluster.gateways().stream()
                .map(g -> URI.create(cluster.wsUrl(g)))
                .toList();
        return ImClient.builder()
                .gateways(gateways)
                .token(() -> cluster.token(user))
                .device("phone")
                .onDelivered(onDelivered)
                .build()
                .start();
    }
}
