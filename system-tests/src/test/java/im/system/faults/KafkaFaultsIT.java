package im.system.faults;

import static org.assertj.core.api.Assertions.assertThat;

import im.infra.InfraOptions;
import im.infra.Infrastructure;
import im.system.support.PairTraffic;
import im.system.support.SecondDevices;
import im.system.support.TestClient;
import im.system.support.TestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The no-loss promise when Kafka fails, on an infrastructure of its own: three KRaft brokers in
 * processes of their own, every topic with replication factor 3 and {@code min.insync.replicas} 2,
 * the services' producers idempotent with {@code acks=all}. One broker crashes under traffic; then all
 * of them stop for 20 s.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaFaultsIT {

    private static final int PAIRS = 6;
    private static final List<String> GATEWAYS = List.of("gw-1", "gw-2");

    private static Infrastructure infra;
    private static TestCluster cluster;

    @BeforeAll
    static void startCluster() {
        infra = Infrastructure.start(new InfraOptions(3, false, null));
        try {
            cluster = TestCluster.start(infra, 2, Map.of(), "kafka-faults");
        } catch (RuntimeException e) {
            infra.close();
            throw e;
        }
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
        if (infra != null) {
            infra.close();
        }
    }

    @Test
    @Order(1)
    void oneOfThreeBrokersKilledLosesAndDuplicatesNothing() throws Exception {
        try (PairTraffic s = new PairTraffic(cluster, "kb", PAIRS, GATEWAYS);
                SecondDevices w = new SecondDevices(cluster, s.users().subList(0, 4))) {
            s.awaitConnected();
            w.connect();
            s.startTraffic();
            Thread.sleep(3000);
            long before = s.longestAcceptanceMillis();
            infra.killKafkaBroker(1);
            Thread.sleep(10_000);
            long during = s.longestAcceptanceMillis();
            infra.startKafkaBroker(1);
            Thread.sleep(5000);
            s.stopTraffic();
            int accepted = s.verify();
            w.assertNoPushTwice();
            System.out.printf(
                    "[faults] kill -9 of Kafka broker 1 of 3 (10 s down, then started again): %d messages accepted,"
                            + " 0 lost, 0 pushed twice (%d pushes watched); longest send → accepted %d ms (%d ms"
                            + " before the kill)%n",
                    accepted, w.pushes(), during, before);
        }
    }

    /**
     * Every broker stopped for 20 s: sends are answered {@code unavailable} (never {@code accepted}),
     * and once Kafka is back the cluster recovers by itself and delivers everything accepted.
     */
    @Test
    @Order(2)
    void allBrokersStoppedForTwentySecondsAnswersUnavailableAndRecovers() throws Exception {
        String prober = cluster.userOn("gw-1", "kd-probe");
        String peer = cluster.userOn("gw-2", "kd-peer");
        try (PairTraffic s = new PairTraffic(cluster, "kd", PAIRS, GATEWAYS);
                TestClient probe = cluster.connect(prober, "d")) {
            s.awaitConnected();
            s.startTraffic();
            Thread.sleep(3000);
            long stoppedAt = System.nanoTime();
            long answeredAfter;
            infra.stopKafka();
            try {
                Thread.sleep(1000);
                answeredAfter = Outages.unavailableAfterMillis(probe, peer, "kafka-down");
                Outages.holdUntil(stoppedAt, Duration.ofSeconds(20));
            } finally {
                infra.startKafka();
            }
            long startedAt = System.nanoTime();
            // New sends after the restart, one every half second: how long until the path works end to end.
            long recovered = -1;
            for (int i = 0; recovered < 0 && i < 120; i++) {
                probe.send("send", "to", peer, "clientMsgId", "kafka-back-" + i, "body", "x");
                try {
                    probe.await(
                            f -> f.path("clientMsgId").asString().startsWith("kafka-back-")
                                    && f.path("type").asString().equals("accepted"),
                            Duration.ofMillis(500));
                    recovered = Outages.millisSince(startedAt);
                } catch (AssertionError notYet) {
                    // none accepted yet: send another
                }
            }
            assertThat(recovered)
                    .as("a send accepted within 60 s of Kafka's start")
                    .isNotNegative();
            Thread.sleep(3000);
            s.stopTraffic();
            int accepted = s.verify();
            System.out.printf(
                    "[faults] all 3 Kafka brokers stopped for 20 s: a send while down answered 'unavailable' after"
                            + " %d ms; first new send accepted %d ms after the brokers were up again; longest send →"
                            + " accepted %d ms; %d messages accepted, 0 lost%n",
                    answeredAfter, recovered, s.longestAcceptanceMillis(), accepted);
            assertThat(answeredAfter)
                    .as("unavailable within the answer timeout")
                    .isLessThan(10_000);
        }
    }
}
