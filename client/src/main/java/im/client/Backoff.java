package im.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: attempt n waits a uniform random time in [0, min(max, base·2ⁿ)].
 * The jitter spreads the reconnects of a dead node's users over the window instead of a stampede.
 */
final class Backoff {

    private final long baseMillis;
    private final long maxMillis;
    private int attempt;

    Backoff(Duration base, Duration max) {
        this.baseMillis = base.toMillis();
        this.maxMillis = max.toMillis();
    }

    long nextMillis() {
        long cap = Math.min(maxMillis, baseMillis << Math.min(attempt++, 20));
        return ThreadLocalRandom.current().nextLong(cap + 1);
    }

    void reset() {
        attempt = 0;
    }
}
