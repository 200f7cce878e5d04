package im.load.run;

import im.load.proc.CpuSampler;
import im.load.proc.CpuSnapshot;
import im.load.proc.JitWatch;
import im.load.report.Console;
import im.load.report.LatencySummary;
import im.load.report.StageData;
import im.load.report.StageResult;
import im.load.traffic.Leg;
import im.load.traffic.Legs;
import im.load.traffic.MessageBook;
import im.load.traffic.OpenLoop;
import im.load.traffic.Tally;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;

/**
 * Drives a {@link Traffic} through a warm-up and then one stage per offered rate. A stage offers its
 * rate on an open-loop schedule, then waits for its stragglers (answers and deliveries still owed),
 * then tallies; CPU is sampled from the stage's first send to its last straggler.
 */
public final class Sweep {

    /** What a sweep produced. {@code warmupCapped}: the JIT was still busy when the cap was reached. */
    public record Outcome(List<StageData> stages, double warmupSeconds, boolean warmupCapped, String warmupHow) {}

    private static final Duration MIN_JIT_WARMUP = Duration.ofSeconds(20);

    private final Traffic traffic;
    private final SweepSettings settings;
    private final CpuSampler sampler;
    private final String runId;
    private final Progress progress;

    public Sweep(Traffic traffic, SweepSettings settings, CpuSampler sampler, String runId) {
        this.traffic = traffic;
        this.settings = settings;
        this.sampler = sampler;
        this.runId = runId;
        this.progress = new Progress(settings.progress());
    }

    public Outcome run() {
        Parties parties = settings.parties();
        parties.meet("connected");
        long t0 = System.nanoTime();
        String how;
        boolean capped = false;
        if (settings.warmup() == null
                && sampler != null
                && sampler.watched().stream().anyMatch(w -> w.jvm())) {
            capped = !warmUntilJitIdle();
            how = String.format(
                    "until the JIT was idle (< %.0f%% of a core per JVM over %d s)%s",
                    settings.jitThreshold() * 100,
                    settings.jitWindow().toSeconds(),
                    capped ? "; CAP HIT: the JIT was still compiling" : "");
        } else {
            Duration fixed = settings.warmup() == null ? Duration.ofSeconds(60) : settings.warmup();
            if (!fixed.isZero()) {
                stage("w1", "warm-up", settings.rates().get(0), fixed, () -> false);
            }
            how = "fixed " + fixed.toSeconds() + " s"
                    + (settings.warmup() == null ? " (no service PIDs to watch the JIT: no cluster file)" : "");
        }
        parties.meet("warm"); // the first party warm waits for the others, offering nothing meanwhile
        double warm = (System.nanoTime() - t0) / 1e9;
        System.out.printf("warm-up took %.0f s, %s%n", warm, how);
        List<StageData> out = new ArrayList<>();
        int n = 0;
        for (double rate : settings.rates()) {
            parties.meet("s" + (n + 1));
            StageData d = stage("s" + ++n, String.format("%.0f/s", rate), rate, settings.stage(), () -> false);
            out.add(d);
            Console.stage(d.result());
        }
        progress.close();
        return new Outcome(out, warm, capped, how);
    }

    /** Warm-up stages at the first rate until every JVM's JIT is idle; false if the cap came first. */
    private boolean warmUntilJitIdle() {
        JitWatch watch = new JitWatch(settings.jitThreshold(), settings.jitWindow(), sampler.ticksPerSecond());
        long start = System.nanoTime();
        long cap = settings.warmupMax().toNanos();
        AtomicBoolean idle = new AtomicBoolean();
        for (int k = 1; !idle.get() && System.nanoTime() - start < cap; k++) {
            Duration left = Duration.ofNanos(cap - (System.nanoTime() - start));
            Duration chunk = left.compareTo(Duration.ofSeconds(30)) < 0 ? left : Duration.ofSeconds(30);
            stage("w" + k, "warm-up " + k, settings.rates().get(0), chunk, () -> {
                boolean quiet =
                        watch.idleAfter(sampler.snapshot()) && System.nanoTime() - start > MIN_JIT_WARMUP.toNanos();
                idle.compareAndSet(false, quiet);
                return quiet;
            });
            System.out.printf(
                    "  warm-up %d: busiest JIT %.1f%% of a core over the last %d s%n",
                    k, watch.busiestShare() * 100, settings.jitWindow().toSeconds());
        }
        return idle.get();
    }

    private StageData stage(String tag, String name, double rate, Duration length, BooleanSupplier stopEarly) {
        int planned = OpenLoop.messages(rate, length.toMillis() / 1000.0);
        Legs legs = new Legs();
        MessageBook book = new MessageBook(tag, planned, traffic.receivers(), traffic.expectedPerMessage(), legs);
        traffic.install(book);
        CpuSnapshot c0 = sampler == null ? null : sampler.snapshot();
        java.time.Instant from = java.time.Instant.now();
        OpenLoop loop = new OpenLoop(rate, System.nanoTime() + 100_000_000L);
        AtomicBoolean stop = new AtomicBoolean();
        progress.start(name, planned);
        ScheduledExecutorService ticker = ticker(book, loop, stopEarly, stop);
        int sent = loop.run(planned, (i, due) -> traffic.send(book, i, due), stop::get);
        long sendEnd = System.nanoTime();
        awaitStragglers(book);
        CpuSnapshot c1 = sampler == null ? null : sampler.snapshot();
        ticker.shutdownNow();
        progress.close();
        // The wall-clock window the CPU was sampled over: to match a stage with logs and profiles.
        System.out.printf("%-10s window %s to %s%n", name, from, java.time.Instant.now());
        Tally t = book.tally(sent);
        traffic.stageOver(book, sent);
        return result(tag, name, rate, t, legs, sent, loop.startNanos(), sendEnd, c0, c1);
    }

    /** Every 500 ms: fold the recorders, update the progress bar; every second ask whether to stop early. */
    private ScheduledExecutorService ticker(
            MessageBook book, OpenLoop loop, BooleanSupplier stopEarly, AtomicBoolean stop) {
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long[] ticks = {0};
        ticker.scheduleAtFixedRate(
                () -> {
                    Histogram d = book.legs().delivered.harvest();
                    double secs = Math.max(1e-3, (System.nanoTime() - loop.startNanos()) / 1e9);
                    progress.update(
                            book.sentCount(),
                            book.sentCount() / secs,
                            d.getTotalCount(),
                            d.getValueAtPercentile(99) / 1e6);
                    if (ticks[0]++ % 2 == 1 && stopEarly.getAsBoolean()) {
                        stop.set(true);
                    }
                },
                500,
                500,
                TimeUnit.MILLISECONDS);
        return ticker;
    }

    private StageData result(
            String tag,
            String name,
            double rate,
            Tally t,
            Legs legs,
            int sent,
            long start,
            long sendEnd,
            CpuSnapshot c0,
            CpuSnapshot c1) {
        Map<String, Histogram> hs = new LinkedHashMap<>();
        Map<String, LatencySummary> lat = new LinkedHashMap<>();
        for (Map.Entry<String, Leg> e : legs.all().entrySet()) {
            Histogram h = e.getValue().harvest().copy();
            hs.put(e.getKey(), h);
            lat.put(e.getKey(), LatencySummary.of(h));
        }
        double sendSecs = Math.max(1e-3, (sendEnd - start) / 1e9);
        double allSecs = Math.max(1e-3, (Math.max(t.lastNanos(), sendEnd) - start) / 1e9);
        double tps = sampler == null ? 100 : sampler.ticksPerSecond();
        long byAll = tag.startsWith("w") ? t.delivered() : settings.parties().total(tag, t.delivered());
        StageResult r = new StageResult(
                name,
                tag.startsWith("w"),
                rate,
                sendSecs,
                t,
                sent / sendSecs,
                t.delivered() / allSecs,
                lat,
                c0 == null ? Map.of() : c1.secondsSince(c0, tps),
                c0 == null ? Map.of() : c1.jitSecondsSince(c0, tps),
                c0 == null ? 0 : c1.secondsSinceWall(c0),
                byAll);
        return new StageData(r, hs);
    }

    /** Until nothing is owed, the straggler time is up, or nothing changed for 10 s. */
    private void awaitStragglers(MessageBook book) {
        long now = System.nanoTime();
        long deadline = now + settings.stragglers().toNanos();
        long lastChange = now;
        long last = -1;
        while ((now = System.nanoTime()) < deadline) {
            long owed = book.outstanding();
            if (owed == 0) {
                break;
            }
            if (owed != last) {
                last = owed;
                lastChange = now;
            } else if (now - lastChange > 10_000_000_000L) {
                break;
            }
            LockSupport.parkNanos(100_000_000L);
        }
        LockSupport.parkNanos(300_000_000L); // a duplicate would arrive about now
    }
}
