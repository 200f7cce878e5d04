package im.load.proc;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * Decides when the JIT compilers of the watched JVMs have gone quiet: fed a snapshot every second or
 * so, it is idle once, in every JVM, the compiler threads used less than {@code threshold} of one core
 * over the last {@code window} (a C2 still compiling is the largest CPU user for minutes after start,
 * so a fixed warm-up would measure a cold JIT).
 */
public final class JitWatch {

    private final double threshold;
    private final long windowNanos;
    private final double ticksPerSecond;
    private final Deque<CpuSnapshot> history = new ArrayDeque<>();

    public JitWatch(double threshold, java.time.Duration window, double ticksPerSecond) {
        this.threshold = threshold;
        this.windowNanos = window.toNanos();
        this.ticksPerSecond = ticksPerSecond;
    }

    /** Adds {@code s}; true once a full window lies behind it and every JVM's JIT was below the threshold. */
    public boolean idleAfter(CpuSnapshot s) {
        history.addLast(s);
        while (history.size() > 2 && s.nanos() - history.peekFirst().nanos() > windowNanos) {
            history.removeFirst();
        }
        CpuSnapshot first = history.peekFirst();
        if (s.nanos() - first.nanos() < windowNanos * 9 / 10) {
            return false;
        }
        return busiest(first, s) < threshold;
    }

    /** The highest JIT share of a core, over the JVMs, in the current window. */
    public double busiestShare() {
        return history.size() < 2 ? Double.NaN : busiest(history.peekFirst(), history.peekLast());
    }

    private double busiest(CpuSnapshot from, CpuSnapshot to) {
        double wall = to.secondsSinceWall(from);
        Map<String, Double> jit = to.jitSecondsSince(from, ticksPerSecond);
        return jit.values().stream().mapToDouble(v -> v / wall).max().orElse(0);
    }
}
