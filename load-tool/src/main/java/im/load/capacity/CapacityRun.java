package im.load.capacity;

import im.load.cluster.ClusterFile;
import im.load.cluster.Target;
import im.load.proc.CpuSampler;
import im.load.proc.CpuSnapshot;
import im.load.report.CapacityResult;
import im.load.report.LatencySummary;
import im.load.report.ReportWriter;
import im.load.report.RunReport;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * {@code capacity}: N authenticated sessions on ONE gateway process, held with pings. The sessions
 * come from child processes (each under the per-process open-files cap, each binding several source
 * addresses), so the figure is the gateway's limit, not the load generator's.
 */
public final class CapacityRun {

    /** Settings of a capacity run. */
    public record Shape(
            int sessions, URI gateway, Duration hold, int perChild, String sources, int concurrency, long gatewayPid) {}

    private CapacityRun() {}

    /** What the children reported after connecting. */
    private record Connected(
            long welcomed,
            double seconds,
            long redirected,
            long throttled,
            Map<String, Long> refused,
            Histogram latency) {}

    public static void run(Target t, Shape s, Map<String, Object> flags) throws Exception {
        String started = java.time.Instant.now().toString();
        ClusterFile.Proc gw = gatewayProc(t.cluster(), s.gateway());
        long pid = s.gatewayPid() > 0 ? s.gatewayPid() : gw == null ? -1 : gw.pid();
        GatewayMemory memory = new GatewayMemory(pid, gw == null ? null : gw.prometheus());
        String gwName = gw == null ? "gateway" : gw.name();
        List<Child> children = startChildren(t, s);
        CpuSampler sampler = t.sampler();
        long rss0 = memory.rss(), heap0 = memory.heapAfterGc();
        System.out.printf(
                "gateway %s (pid %d) fresh: RSS %.1f MB, heap after GC %.1f MB%n",
                gwName, pid, rss0 / 1048576.0, heap0 / 1048576.0);
        CpuSnapshot c0 = sampler == null ? null : sampler.snapshot();
        Connected con = connect(children);
        CpuSnapshot c1 = sampler == null ? null : sampler.snapshot();
        System.out.printf(
                "connected %,d sessions in %.1f s (refused %s, redirected %d, throttled and retried %d);"
                        + " holding %d s ...%n",
                con.welcomed(),
                con.seconds(),
                con.refused(),
                con.redirected(),
                con.throttled(),
                s.hold().toSeconds());
        hold(s.hold(), memory, pid);
        CpuSnapshot c2 = sampler == null ? null : sampler.snapshot();
        long rss1 = memory.rss(), heap1 = memory.heapAfterGc(); // after the CPU sample: GC is not hold CPU
        writeHistogram(t.out().resolve("gateway-histogram.txt"), memory.classHistogram());
        children.forEach(c -> c.tell("stop"));
        long held = 0;
        Map<String, Long> dropped = new LinkedHashMap<>();
        for (Child c : children) {
            String[] r = c.await("held");
            held += Long.parseLong(r[1]);
            Codec.counts(r[2], dropped);
        }
        children.forEach(Child::close);
        double tps = sampler == null ? 100 : sampler.ticksPerSecond();
        Map<String, Double> cpuConnect = c0 == null ? Map.of() : c1.secondsSince(c0, tps);
        Map<String, Double> cpuHold = c0 == null ? Map.of() : c2.secondsSince(c1, tps);
        double holdSecs = c0 == null ? s.hold().toSeconds() : c2.secondsSinceWall(c1);
        double per10k = held == 0 ? Double.NaN : cpuHold.getOrDefault(gwName, Double.NaN) / holdSecs / (held / 1e4);
        CapacityResult result = new CapacityResult(
                s.sessions(),
                held,
                con.refused(),
                con.redirected(),
                con.throttled(),
                dropped,
                LatencySummary.of(con.latency()),
                con.seconds(),
                con.welcomed() / Math.max(1e-3, con.seconds()),
                holdSecs,
                new CapacityResult.Memory(rss0, rss1, heap0, heap1, memory.how()),
                cpuConnect,
                cpuHold,
                per10k,
                children.size());
        List<String> notes = notes(result, pid);
        if (c0 != null) {
            jitNotes(c2.jitSecondsSince(c1, tps), holdSecs, notes);
        }
        RunReport report = new RunReport(
                "capacity", started, flags, Map.of(gwName, held), 0, "none", false, List.of(), Map.of(), notes, result);
        ReportWriter.write(t.out(), report, List.of(), Map.of("connect-welcome", con.latency()));
        System.out.print(Files.readString(t.out().resolve("summary.md")));
        System.out.println("report: " + t.out().resolve("index.html"));
    }

    /** Children with their share of the sessions each, once their tokens are in. */
    private static List<Child> startChildren(Target t, Shape s) throws java.io.IOException {
        int n = (s.sessions() + s.perChild() - 1) / s.perChild();
        Files.createDirectories(t.out());
        List<Child> children = new ArrayList<>();
        List<String> sources = Child.sources(s.sources());
        for (int k = 0; k < n; k++) {
            int share = s.sessions() / n + (k < s.sessions() % n ? 1 : 0);
            children.add(new Child(
                    command(t, s, k, share, Math.max(1, s.concurrency() / n), sources),
                    t.out().resolve("child-" + k + ".log")));
        }
        System.out.printf("%d load-generator children for %,d sessions; fetching tokens ...%n", n, s.sessions());
        children.forEach(c -> c.await("ready"));
        return children;
    }

    private static Connected connect(List<Child> children) {
        children.forEach(c -> c.tell("go"));
        Histogram latency = new Histogram(3_600_000_000_000L, 3);
        Map<String, Long> refused = new LinkedHashMap<>();
        long welcomed = 0, redirected = 0, throttled = 0;
        double secs = 0;
        for (Child c : children) {
            String[] r = c.await("connected");
            welcomed += Long.parseLong(r[1]);
            secs = Math.max(secs, Double.parseDouble(r[2]));
            redirected += Long.parseLong(r[3]);
            throttled += Long.parseLong(r[4]);
            Codec.counts(r[5], refused);
            latency.add(Codec.decode(r[6]));
        }
        return new Connected(welcomed, secs, redirected, throttled, refused, latency);
    }

    /** No warm-up in this mode: say when a JVM's JIT was still busy during the hold. */
    private static void jitNotes(Map<String, Double> jit, double holdSecs, List<String> notes) {
        jit.forEach((jvm, secs) -> {
            if (secs / holdSecs > 0.02) {
                notes.add(String.format(
                        "%s's JIT compiler threads used %.0f%% of a core during the hold", jvm, 100 * secs / holdSecs));
            }
        });
    }

    private static List<String> command(Target t, Shape s, int k, int share, int concurrency, List<String> sources) {
        List<String> rotated = new ArrayList<>(sources);
        if (!rotated.isEmpty()) {
            java.util.Collections.rotate(rotated, -k * Math.max(1, rotated.size() / 3));
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(
                java,
                "-Xms128m",
                "-Xmx768m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                CapacityChild.class.getName(),
                s.gateway().toString(),
                t.runId() + "-c" + k,
                String.valueOf(share),
                String.valueOf(concurrency),
                t.tokenSpec(),
                String.join(",", rotated));
    }

    private static void hold(Duration hold, GatewayMemory memory, long pid) throws InterruptedException {
        long end = System.nanoTime() + hold.toNanos();
        while (System.nanoTime() < end) {
            Thread.sleep(Math.min(10_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            if (pid > 0) {
                System.out.printf(
                        "  holding: gateway RSS %.1f MB, open files %d%n",
                        memory.rss() / 1048576.0, im.load.proc.ProcFs.system().openFiles(pid));
            }
        }
    }

    /** The loaded gateway's class histogram, its first 60 lines: the profile behind the bytes per session. */
    private static void writeHistogram(java.nio.file.Path file, String histogram) throws java.io.IOException {
        if (!histogram.isBlank()) {
            Files.writeString(
                    file, String.join("\n", histogram.lines().limit(60).toList()) + "\n");
        }
    }

    static ClusterFile.Proc gatewayProc(ClusterFile c, URI url) {
        if (c == null) {
            return null;
        }
        return c.gateways().stream()
                .filter(g -> URI.create(g.ws()).getPort() == url.getPort())
                .findFirst()
                .orElse(null);
    }

    private static List<String> notes(CapacityResult r, long pid) {
        List<String> notes = new ArrayList<>();
        long refused = r.refused().values().stream().mapToLong(Long::longValue).sum();
        long dropped = r.dropped().values().stream().mapToLong(Long::longValue).sum();
        if (refused > 0) {
            notes.add("the gateway refused " + refused + " sessions (close code or failed handshake → count: "
                    + r.refused() + ")");
        }
        if (dropped > 0) {
            notes.add("the gateway dropped " + dropped + " held sessions during the hold (close code → count: "
                    + r.dropped() + "; 1006 = closed without a close frame)");
        }
        if (pid <= 0) {
            notes.add("no local PID for the gateway: RSS and CPU not measured, heap from the actuator");
        }
        return notes;
    }
}
