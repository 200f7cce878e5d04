package im.system.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.infra.Http;
import im.infra.SharedInfrastructure;
import im.system.support.PairTraffic;
import im.system.support.SecondDevices;
import im.system.support.TestClient;
import im.system.support.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The no-loss promise when routing and presence run as several replicas sharing their Kafka consumer
 * groups, and one of them joins, leaves, freezes or dies while one-to-one traffic flows. Besides what
 * {@link PairTraffic#verify()} asserts (every accepted message once, in order, gap-free, no number
 * given twice), a second device of some users counts every push it gets: none may come twice.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicaFaultsIT {

    private static final int PAIRS = 8;
    private static final List<String> GATEWAYS = List.of("gw-1", "gw-2");

    private static TestCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = TestCluster.start(
                SharedInfrastructure.get(),
                new TestCluster.Layout(2, 2, 2),
                Map.of(),
                Map.of(),
                "replica-faults",
                false);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * Rebalances forced while traffic flows: a third routing replica joins and leaves, and a second one
     * freezes (SIGSTOP) past its Kafka session, so its partitions move while it still holds a batch, and
     * then runs on (SIGCONT) as a zombie that can no longer commit.
     */
    @Test
    @Order(1)
    void rebalancesAndAFrozenReplicaNeverNumberStoreOrPushAMessageTwice() throws Exception {
        try (PairTraffic s = new PairTraffic(cluster, "rb", PAIRS, GATEWAYS);
                SecondDevices w = new SecondDevices(cluster, s.users().subList(0, 4))) {
            s.awaitConnected();
            w.connect();
            s.startTraffic();
            Thread.sleep(2000);
            cluster.addReplica("routing", "routing-3");
            Thread.sleep(3000);
            cluster.processes().stop("routing-3", Duration.ofSeconds(20));
            Thread.sleep(2000);
            long pid = cluster.processes().pid("routing-2");
            signal("STOP", pid);
            Thread.sleep(10_000); // past the 6 s session: routing-2's partitions go to routing
            signal("CONT", pid);
            Thread.sleep(4000);
            s.stopTraffic();
            int accepted = s.verify();
            w.assertNoPushTwice();
            System.out.printf(
                    "[faults] routing replicas: routing-3 joined and left, routing-2 frozen 10 s: %d messages"
                            + " accepted, 0 lost, 0 pushed twice (%d pushes watched); longest send → accepted"
                            + " %d ms%n",
                    accepted, w.pushes(), s.longestAcceptanceMillis());
        }
    }

    @Test
    @Order(2)
    void aRoutingReplicaKilledLosesNothingAndTheOtherTakesItsConversations() throws Exception {
        try (PairTraffic s = new PairTraffic(cluster, "rk", PAIRS, GATEWAYS);
                SecondDevices w = new SecondDevices(cluster, s.users().subList(0, 4))) {
            s.awaitConnected();
            w.connect();
            s.startTraffic();
            Thread.sleep(3000);
            long before = s.longestAcceptanceMillis();
            cluster.processes().kill("routing-2");
            Thread.sleep(12_000);
            s.stopTraffic();
            int accepted = s.verify();
            w.assertNoPushTwice();
            System.out.printf(
                    "[faults] kill -9 of routing-2 (of 2): %d messages accepted, 0 lost, 0 pushed twice;"
                            + " longest send → accepted %d ms (%d ms before the kill)%n",
                    accepted, s.longestAcceptanceMillis(), before);
            // The survivor takes the dead replica's partitions once its 6 s session expires.
            assertThat(s.longestAcceptanceMillis()).as("acceptance pause").isLessThan(10_000);
        }
        cluster.addReplica("routing", "routing-2");
    }

    /**
     * A presence replica killed: the other one takes its share of the session events after the
     * Kafka session, and status is right again for users who come and go afterwards.
     */
    @Test
    @Order(3)
    void aPresenceReplicaKilledLeavesStatusRightWithinTheBound() throws Exception {
        try (PairTraffic s = new PairTraffic(cluster, "pk", PAIRS, GATEWAYS)) {
            s.awaitConnected();
            s.startTraffic();
            Thread.sleep(2000);
            long killedAt = System.nanoTime();
            cluster.processes().kill("presence-2");
            // Users arriving and leaving on both gateways after the kill: their events land on every
            // partition of the session topic, the dead replica's included.
            List<String> comers = new ArrayList<>();
            List<TestClient> sessions = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String u = cluster.userOn(GATEWAYS.get(i % 2), "pc" + i);
                comers.add(u);
                sessions.add(cluster.connect(u, "d"));
            }
            await().atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> comers.stream().allMatch(u -> online(u, comers.get(0))));
            long onlineAt = System.nanoTime();
            sessions.forEach(TestClient::close);
            await().atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> comers.stream().noneMatch(u -> online(u, comers.get(0))));
            long offlineAt = System.nanoTime();
            s.stopTraffic();
            int accepted = s.verify();
            System.out.printf(
                    "[faults] kill -9 of presence-2 (of 2): 6 users connected after it online in presence %d ms"
                            + " after the kill, offline %d ms after they left; %d messages accepted, 0 lost%n",
                    TimeUnit.NANOSECONDS.toMillis(onlineAt - killedAt),
                    TimeUnit.NANOSECONDS.toMillis(offlineAt - onlineAt),
                    accepted);
        }
    }

    private static boolean online(String user, String asker) {
        Http.Response r = Http.withToken("GET", cluster.presenceUrl() + "/presence/" + user, cluster.token(asker));
        return r.status() == 200 && r.body().contains("\"online\":true");
    }

    private static void signal(String signal, long pid) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                .inheritIO()
                .start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0)
                .as("kill -" + signal + " " + pid)
                .isTrue();
    }
}
