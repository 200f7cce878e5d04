package im.cluster;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says why a heartbeat came late, before its registration expires: a node whose heartbeats run late
 * leaves every ring although it is alive, and its users are moved twice. A heartbeat is late when the
 * time from the previous one's start to this one's end passes half the TTL; the warning splits that
 * time into how late the heartbeat started (the previous beat ran long, or the thread waited), what
 * it spent talking to the store (a slow or queued connection), the collection pauses in between (the
 * JVM stopped) and, on Linux, how long the heartbeat thread was runnable without a CPU (the machine
 * is overloaded).
 *
 * <p>Not thread-safe: one membership's heartbeats, which never overlap (the registration on the
 * membership thread, then every beat on the heartbeat thread it starts).
 */
public final class HeartbeatLateness {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatLateness.class);

    private final long periodNanos;
    private final long lateNanos;
    private final String store;
    private long previousStart;
    private long previousGcMillis;
    private long previousRunQueueNanos;

    public HeartbeatLateness(Duration period, Duration ttl, String store) {
        this.periodNanos = period.toNanos();
        this.lateNanos = ttl.toNanos() / 2;
        this.store = store;
    }

    /** One heartbeat ran from {@code startNanos} to {@code endNanos}; warns if it came late. */
    public void beat(long startNanos, long endNanos) {
        long gc = gcMillis();
        long runQueue = runQueueNanos();
        if (previousStart != 0 && endNanos - previousStart > lateNanos) {
            log.warn(
                    "membership heartbeat late: {} ms from the previous one's start to this one's end (every"
                            + " {} ms, registration TTL {} ms): it started {} ms after it was due and spent {} ms"
                            + " in {} calls; collections paused the JVM {} ms in between; this thread waited {} ms"
                            + " for a CPU (-1: unknown)",
                    (endNanos - previousStart) / 1_000_000,
                    periodNanos / 1_000_000,
                    lateNanos * 2 / 1_000_000,
                    Math.max(0, startNanos - previousStart - periodNanos) / 1_000_000,
                    (endNanos - startNanos) / 1_000_000,
                    store,
                    gc - previousGcMillis,
                    runQueue < 0 || previousRunQueueNanos < 0 ? -1 : (runQueue - previousRunQueueNanos) / 1_000_000);
        }
        previousStart = startNanos;
        previousGcMillis = gc;
        previousRunQueueNanos = runQueue;
    }

    /**
     * Time the calling thread spent runnable but not running, from Linux's {@code schedstat} (its second
     * field); -1 where that file does not exist.
     */
    static long runQueueNanos() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/thread-self/schedstat"))
                    .trim()
                    .split(" ");
            return Long.parseLong(f[1]);
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long gcMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, b.getCollectionTime());
        }
        return sum;
    }
}
