package im.system.soak;

import im.infra.InfraOptions;
import im.infra.Infrastructure;
import im.system.support.PairTraffic;
import im.system.support.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The soak benchmark ({@code ./im soak}): a cluster (two gateways, two routing replicas, presence,
 * group; Kafka as a broker in a process of its own) under steady one-to-one traffic for a set time
 * (30 minutes by default). Four faults are scripted in the first half: a gateway killed and started
 * again, a routing replica killed and started again, Redis restarted empty, PostgreSQL stopped for 15 s.
 * Every minute it samples every process ({@link ProcessSampler}); the second half, with no faults, shows
 * whether anything grows. At the end it checks that nothing accepted was lost and writes {@code
 * samples.csv} and {@code summary.md} ({@link SoakReport}).
 *
 * <p>Flags: {@code --minutes N} (30), {@code --pairs N} (20 pairs: 400 msg/s), {@code --out DIR}.
 */
public final class Soak {

    private Soak() {}

    public static void main(String[] args) throws Exception {
        int minutes = intFlag(args, "--minutes", 30);
        int pairs = intFlag(args, "--pairs", 20);
        Path out = Path.of(flag(
                args,
                "--out",
                "target/soak/" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        Files.createDirectories(out);
        Duration total = Duration.ofMinutes(minutes);
        SoakReport report = new SoakReport(out, minutes, pairs * 2 * 10);
        try (Infrastructure infra = Infrastructure.start(new InfraOptions(1, false, null))) {
            TestCluster cluster =
                    TestCluster.start(infra, new TestCluster.Layout(2, 2, 1), Map.of(), Map.of(), "soak", true);
            try (cluster;
                    ProcessSampler sampler = new ProcessSampler(cluster, infra);
                    PairTraffic traffic = new PairTraffic(cluster, "soak", pairs, List.of("gw-1", "gw-2"))) {
                traffic.awaitConnected();
                traffic.startTraffic();
                long t0 = System.nanoTime();
                List<Fault> faults = faults(cluster, infra, total);
                long nextSample = 0;
                while (elapsed(t0).compareTo(total) < 0) {
                    Duration at = elapsed(t0);
                    for (Fault f : List.copyOf(faults)) {
                        if (at.compareTo(f.at()) >= 0) {
                            faults.remove(f);
                            report.event(at, f.name());
                            f.action().run();
                            report.event(elapsed(t0), f.name() + ": done");
                        }
                    }
                    if (at.toMillis() >= nextSample) {
                        report.sample(at, sampler.sample(), sampler.lag());
                        nextSample += 60_000;
                    }
                    Thread.sleep(1000);
                }
                report.sample(elapsed(t0), sampler.sample(), sampler.lag());
                traffic.stopTraffic();
                int accepted = traffic.verify();
                report.finish(accepted, traffic.longestAcceptanceMillis());
            }
        }
        System.out.println("soak report: " + out.resolve("summary.md"));
    }

    /** A scripted fault: what and when (from the start of the traffic). */
    record Fault(String name, Duration at, ThrowingRunnable action) {}

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** The faults, all in the first half of {@code total}: the second half shows what stays. */
    private static List<Fault> faults(TestCluster cluster, Infrastructure infra, Duration total) {
        List<Fault> faults = new ArrayList<>();
        faults.add(new Fault("gw-2 killed (SIGKILL) and started again", part(total, 15), () -> {
            ProcessHandle.of(cluster.processes().pid("gw-2")).orElseThrow().destroyForcibly();
            Thread.sleep(5000);
            cluster.startAgainIfKilled("gw-2");
        }));
        faults.add(new Fault("routing-2 killed (SIGKILL), started again after 10 s", part(total, 25), () -> {
            cluster.processes().kill("routing-2");
            Thread.sleep(10_000);
            cluster.addReplica("routing", "routing-2");
        }));
        faults.add(new Fault("Redis restarted empty", part(total, 35), infra::restartRedis));
        faults.add(new Fault("PostgreSQL stopped for 15 s", part(total, 45), () -> {
            infra.stopPostgres();
            try {
                Thread.sleep(15_000);
            } finally {
                infra.startPostgres();
            }
        }));
        return faults;
    }

    private static Duration part(Duration total, int percent) {
        return total.multipliedBy(percent).dividedBy(100);
    }

    private static Duration elapsed(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    private static String flag(String[] args, String name, String otherwise) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return otherwise;
    }

    private static int intFlag(String[] args, String name, int otherwise) {
        return Integer.parseInt(flag(args, name, Integer.toString(otherwise)));
    }
}
