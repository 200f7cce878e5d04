package im.system.faults;

import static org.assertj.core.api.Assertions.assertThat;

import im.infra.Http;
import im.infra.Infrastructure;
import im.infra.SharedInfrastructure;
import im.infra.local.ProcessCluster;
import im.system.support.PairTraffic;
import im.system.support.TestClient;
import im.system.support.TestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * The no-loss promise when a dependency of the whole cluster fails under one-to-one traffic:
 * PostgreSQL stopped and started again, Redis restarted empty. Besides {@link PairTraffic#verify()},
 * each scenario measures what clients saw and how long the cluster took to be right again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DependencyFaultsIT {

    private static final int PAIRS = 8;
    private static final List<String> GATEWAYS = List.of("gw-1", "gw-2");

    private static Infrastructure infra;
    private static TestCluster cluster;

    @BeforeAll
    static void startCluster() {
        infra = SharedInfrastructure.get();
        cluster = TestCluster.start(infra, 2, Map.of(), "dependency-faults");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * While PostgreSQL is away a send is answered {@code unavailable} (never {@code accepted}); once it
     * is back, the waiting messages are stored, the resends find them, and nothing accepted is lost.
     */
    @Test
    @Order(1)
    void postgresStoppedForTwentySecondsAnswersUnavailableAndLosesNothing() throws Exception {
        String prober = cluster.userOn("gw-1", "pg-probe");
        String peer = cluster.userOn("gw-2", "pg-peer");
        try (PairTraffic s = new PairTraffic(cluster, "pg", PAIRS, GATEWAYS);
                TestClient probe = cluster.connect(prober, "d")) {
            s.awaitConnected();
            s.startTraffic();
            Thread.sleep(2000);
            long stoppedAt = System.nanoTime();
            long answeredAfter;
            infra.stopPostgres();
            try {
                Thread.sleep(1000);
                long sentAt = System.nanoTime();
                probe.send("send", "to", peer, "clientMsgId", "while-down", "body", "x");
                JsonNode answer = answerTo(probe, "while-down", Duration.ofSeconds(15));
                answeredAfter = System.nanoTime() - sentAt;
                assertThat(answer.path("type").asString())
                        .as("a send while the store is away")
                        .isEqualTo("error");
                assertThat(answer.path("code").asString()).isEqualTo("unavailable");
                Thread.sleep(Math.max(0, Duration.ofSeconds(20).toMillis() - millisSince(stoppedAt)));
            } finally {
                infra.startPostgres();
            }
            long startedAt = System.nanoTime();
            // The message answered 'unavailable' waited in Kafka and is stored now: its sender gets the
            // one 'accepted' (a resend, with the same clientMsgId, would get it too).
            JsonNode later = probe.await(
                            f -> f.path("type").asString().equals("accepted")
                                    && f.path("clientMsgId").asString().equals("while-down"),
                            Duration.ofSeconds(30))
                    .frame();
            long recovered = millisSince(startedAt);
            Thread.sleep(3000);
            s.stopTraffic();
            int accepted = s.verify();
            System.out.printf(
                    "[faults] PostgreSQL stopped for 20 s: a send while down answered 'unavailable' after %d ms;"
                            + " that message accepted (seq %d) %d ms after PostgreSQL started again; longest"
                            + " send → accepted %d ms; %d messages accepted, 0 lost%n",
                    TimeUnit.NANOSECONDS.toMillis(answeredAfter),
                    later.path("seq").asLong(),
                    recovered,
                    s.longestAcceptanceMillis(),
                    accepted);
            assertThat(TimeUnit.NANOSECONDS.toMillis(answeredAfter))
                    .as("unavailable within the store's connection timeout")
                    .isLessThan(10_000);
        }
    }

    /**
     * Redis restarted empty: gateway membership, session locations and presence live there. The ring
     * and presence are rebuilt from the gateways' heartbeats and session snapshots, and traffic goes on
     * without loss.
     */
    @Test
    @Order(2)
    void redisRestartedEmptyIsRebuiltAndLosesNothing() throws Exception {
        try (PairTraffic s = new PairTraffic(cluster, "rd", PAIRS, GATEWAYS)) {
            s.awaitConnected();
            s.startTraffic();
            Thread.sleep(2000);
            List<String> users = s.users().stream().map(PairTraffic.User::id).toList();
            long t0 = System.nanoTime();
            infra.restartRedis();
            long restarted = millisSince(t0);
            Duration window = Duration.ofSeconds(25);
            long[] last = lastWrong(
                    window,
                    () -> ProcessCluster.ringLists(cluster.routingUrl(), cluster.adminToken(), GATEWAYS),
                    () -> allOnline(users));
            s.stopTraffic();
            int accepted = s.verify();
            System.out.printf(
                    "[faults] Redis restarted empty (%d ms): ring right for good %d ms after the restart began,"
                            + " presence of all %d users %d ms; %d messages accepted, 0 lost; longest send →"
                            + " accepted %d ms%n",
                    restarted, last[0], users.size(), last[1], accepted, s.longestAcceptanceMillis());
            assertThat(last[0]).as("ring rebuilt").isLessThan(15_000);
            assertThat(last[1]).as("presence rebuilt").isLessThan(20_000);
        }
    }

    /**
     * Samples every {@code checks} every 100 ms for {@code window}; answers, per check, the ms after the
     * start at which it was last seen wrong (so: right from then on), and asserts each is right at the end.
     */
    private static long[] lastWrong(Duration window, BooleanSupplier... checks) throws InterruptedException {
        long t0 = System.nanoTime();
        long[] last = new long[checks.length];
        boolean[] right = new boolean[checks.length];
        while (System.nanoTime() - t0 < window.toNanos()) {
            for (int i = 0; i < checks.length; i++) {
                right[i] = checks[i].getAsBoolean();
                if (!right[i]) {
                    last[i] = millisSince(t0) + 100;
                }
            }
            Thread.sleep(100);
        }
        for (int i = 0; i < checks.length; i++) {
            assertThat(right[i])
                    .as("check " + i + " right at the end of " + window)
                    .isTrue();
        }
        return last;
    }

    private static boolean allOnline(List<String> users) {
        try {
            Http.Response r = Http.withToken(
                    "GET",
                    cluster.presenceUrl() + "/presence?users=" + String.join(",", users),
                    cluster.token(users.get(0)));
            return r.status() == 200 && r.body().split("\"online\":true", -1).length - 1 == users.size();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static JsonNode answerTo(TestClient c, String clientMsgId, Duration timeout) {
        return c.await(
                        f -> clientMsgId.equals(f.path("clientMsgId").asString())
                                && List.of("accepted", "error")
                                        .contains(f.path("type").asString()),
                        timeout)
                .frame();
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
