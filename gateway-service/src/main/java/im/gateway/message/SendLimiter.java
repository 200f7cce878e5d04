package im.gateway.message;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per session for {@code send}: {@code rate} messages per second on average, bursts up
 * to {@code burst}. Over the limit the client gets {@code rate_limited} for that message (nothing is
 * stored; it resends later with the same {@code clientMsgId}), so one client cannot flood the pipeline.
 */
final class SendLimiter {

    private static final class Bucket {
        double tokens;
        long lastNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.lastNanos = now;
        }
    }

    private final double ratePerNano;
    private final double burst;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    SendLimiter(int ratePerSecond, int burst, Clock clock) {
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.clock = clock;
    }

    /** Takes one token from {@code sessionId}'s bucket; false if it is empty. */
    boolean allow(String sessionId) {
        long now = nanos();
        boolean[] ok = {false};
        buckets.compute(sessionId, (k, b) -> {
            if (b == null) {
                b = new Bucket(burst, now);
            }
            b.tokens = Math.min(burst, b.tokens + (now - b.lastNanos) * ratePerNano);
            b.lastNanos = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                ok[0] = true;
            }
            return b;
        });
        return ok[0];
    }

    void forget(String sessionId) {
        buckets.remove(sessionId);
    }

    private long nanos() {
        java.time.Instant i = clock.instant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
