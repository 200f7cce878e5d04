package im.load.report;

import im.load.traffic.Tally;
import java.util.Map;

/**
 * One stage of a sweep, as reported.
 *
 * @param offered the rate the schedule offered (messages per second)
 * @param seconds how long sending took
 * @param sentPerSecond messages written per second of sending
 * @param deliveredPerSecond deliveries per second, from the first scheduled send to the last delivery
 * @param latency per leg (accepted, delivered, last-delivery, send-lag)
 * @param cpuSeconds CPU seconds per watched process from the stage's first send to its last straggler
 *     ({@code other}: the rest of the machine)
 * @param jitSeconds CPU seconds of each service JVM's JIT compiler threads in the same window (near
 *     zero after a good warm-up)
 * @param cpuWallSeconds the wall time those CPU seconds were taken over
 * @param deliveredByAll deliveries in this stage by every load process taking part (this one's
 *     alone when it is the whole load): the CPU of the cluster is divided by it
 */
public record StageResult(
        String name,
        boolean warmup,
        double offered,
        double seconds,
        Tally tally,
        double sentPerSecond,
        double deliveredPerSecond,
        Map<String, LatencySummary> latency,
        Map<String, Double> cpuSeconds,
        Map<String, Double> jitSeconds,
        double cpuWallSeconds,
        long deliveredByAll) {

    /** CPU milliseconds per delivered message, per process. */
    public Map<String, Double> cpuMsPerDelivery() {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        long d = deliveredByAll;
        cpuSeconds.forEach((k, v) -> out.put(k, d == 0 ? Double.NaN : v * 1000 / d));
        return out;
    }

    /** CPU of every process but the load tool and the rest of the machine: what the server spent. */
    public double serverCpuSeconds() {
        return cpuSeconds.entrySet().stream()
                .filter(e -> !e.getKey().equals("load-tool") && !e.getKey().equals("other"))
                .mapToDouble(Map.Entry::getValue)
                .sum();
    }
}
