package im.load.traffic;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * An open-loop schedule: message {@code i} is due at {@code start + i / rate}, whatever happened to the
 * ones before it. A sender that falls behind sends at once and the latency still counts from the due
 * time, so a stalled server cannot hide its stall by slowing the load (no coordinated omission).
 */
public final class OpenLoop {

    /** Sends message {@code i}, due at {@code dueNanos} ({@link System#nanoTime()} scale). */
    public interface Send {
        void send(int i, long dueNanos);
    }

    private final double rate;
    private final long startNanos;

    public OpenLoop(double rate, long startNanos) {
        if (rate <= 0) {
            throw new IllegalArgumentException("rate must be > 0, was " + rate);
        }
        this.rate = rate;
        this.startNanos = startNanos;
    }

    public long dueNanos(long i) {
        return startNanos + (long) (i * 1e9 / rate);
    }

    /** How many messages a stage of {@code seconds} at this rate offers. */
    public static int messages(double rate, double seconds) {
        return (int) Math.max(1, Math.round(rate * seconds));
    }

    /**
     * Sends messages {@code 0 … count-1} on schedule from the calling thread; returns how many were
     * sent ({@code stop} ends it early).
     */
    public int run(int count, Send send, BooleanSupplier stop) {
        for (int i = 0; i < count; i++) {
            long due = dueNanos(i);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(Math.min(wait, 50_000_000L));
                if (stop.getAsBoolean()) {
                    return i;
                }
            }
            send.send(i, due);
        }
        return count;
    }

    public long startNanos() {
        return startNanos;
    }

    public double rate() {
        return rate;
    }
}
