package im.load.proc;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU counters at one instant: per watched process (clock ticks), JIT compiler threads per JVM, and the
 * machine's busy ticks.
 */
public record CpuSnapshot(long nanos, Map<String, Long> ticks, Map<String, Long> jitTicks, long machineBusy) {

    /**
     * CPU seconds each process used from {@code earlier} to this snapshot, plus {@code other}: the
     * machine's busy time that no watched process accounts for (other programs, interrupts).
     */
    public Map<String, Double> secondsSince(CpuSnapshot earlier, double ticksPerSecond) {
        Map<String, Double> out = new LinkedHashMap<>();
        long known = 0;
        for (var e : ticks.entrySet()) {
            long before = earlier.ticks.getOrDefault(e.getKey(), e.getValue());
            long d = Math.max(0, e.getValue() - before);
            known += d;
            out.put(e.getKey(), d / ticksPerSecond);
        }
        out.put(OTHER, Math.max(0, machineBusy - earlier.machineBusy - known) / ticksPerSecond);
        return out;
    }

    /** JIT compiler seconds per JVM from {@code earlier} to this snapshot. */
    public Map<String, Double> jitSecondsSince(CpuSnapshot earlier, double ticksPerSecond) {
        Map<String, Double> out = new LinkedHashMap<>();
        jitTicks.forEach((name, t) ->
                out.put(name, Math.max(0, t - earlier.jitTicks.getOrDefault(name, t)) / ticksPerSecond));
        return out;
    }

    public double secondsSinceWall(CpuSnapshot earlier) {
        return (nanos - earlier.nanos) / 1e9;
    }

    /** The name under which the machine's unaccounted CPU is reported. */
    public static final String OTHER = "other";
}
