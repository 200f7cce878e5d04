package im.system.faults;

import static org.assertj.core.api.Assertions.assertThat;

import im.infra.Infrastructure;
import im.infra.SharedInfrastructure;
import im.infra.local.ProcessCluster;
import im.system.support.PairTraffic;
import im.system.support.TestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Membership on etcd ({@code im.membership.type=etcd}) while etcd restarts under traffic: every
 * gateway's lease must survive or be renewed, so no gateway leaves routing's ring for longer than
 * the membership TTL, and nothing accepted is lost.
 */
class EtcdFaultIT {

    private static final List<String> GATEWAYS = List.of("gw-1", "gw-2");

    private static Infrastructure infra;
    private static TestCluster cluster;

    @BeforeAll
    static void startCluster() {
        infra = SharedInfrastructure.get();
        cluster = TestCluster.start(
                infra,
                new TestCluster.Layout(2, 1, 1),
                Map.of(),
                Map.of("IM_MEMBERSHIP_TYPE", "etcd"),
                "etcd-fault",
                false);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static long resyncLines() throws java.io.IOException {
        long n = 0;
        for (String service : List.of("routing", "gw-1", "gw-2")) {
            try (var lines = java.nio.file.Files.lines(
                    cluster.logs().resolve(service + ".log"), java.nio.charset.StandardCharsets.ISO_8859_1)) {
                n += lines.filter(l -> l.contains("etcd membership:") && l.contains("listing again"))
                        .count();
            }
        }
        return n;
    }

    @Test
    void etcdRestartedUnderTrafficDropsNoGatewayFromTheRingAndLosesNothing() throws Exception {
        try (PairTraffic s = new PairTraffic(cluster, "et", 6, GATEWAYS)) {
            s.awaitConnected();
            s.startTraffic();
            Thread.sleep(2000);
            long t0 = System.nanoTime();
            infra.restartEtcd();
            long restarted = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            // Sampled every 50 ms for 20 s: the longest stretch with a gateway missing from the ring.
            long longestGap = 0;
            long gapSince = -1;
            while (System.nanoTime() - t0 < Duration.ofSeconds(20).toNanos()) {
                boolean complete = ProcessCluster.ringLists(cluster.routingUrl(), cluster.adminToken(), GATEWAYS);
                long now = System.nanoTime();
                if (!complete && gapSince < 0) {
                    gapSince = now;
                } else if (complete && gapSince >= 0) {
                    longestGap = Math.max(longestGap, now - gapSince);
                    gapSince = -1;
                }
                Thread.sleep(50);
            }
            assertThat(gapSince).as("every gateway on the ring at the end").isNegative();
            // Settled: no service still lists and re-watches etcd (each resync logs "listing again").
            long resyncs = resyncLines();
            Thread.sleep(5000);
            assertThat(resyncLines())
                    .as("etcd resyncs in the 5 s after the recovery")
                    .isEqualTo(resyncs);
            s.stopTraffic();
            int accepted = s.verify();
            long gapMillis = TimeUnit.NANOSECONDS.toMillis(longestGap);
            System.out.printf(
                    "[faults] etcd restarted (%d ms) with membership on etcd: longest time a gateway was off the ring"
                            + " %d ms; %d messages accepted, 0 lost; longest send → accepted %d ms%n",
                    restarted, gapMillis, accepted, s.longestAcceptanceMillis());
            assertThat(gapMillis)
                    .as("no gateway off the ring for longer than the membership TTL")
                    .isLessThan(2000);
        }
    }
}
