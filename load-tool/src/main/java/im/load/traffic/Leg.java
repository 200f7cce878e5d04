package im.load.traffic;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One measured leg of a stage (send→accepted, send→delivered, …) in nanoseconds. Event-loop threads
 * record into an HdrHistogram {@link Recorder} without locks; {@link #harvest()} folds what they
 * recorded into the stage's total, so progress can show percentiles while the stage runs.
 */
public final class Leg {

    /** An hour: anything slower is clamped to it (and shows as a max of 3,600,000 ms). */
    static final long HIGHEST = 3_600_000_000_000L;

    private final String name;
    private final Recorder recorder = new Recorder(HIGHEST, 3);
    private final Histogram total = new Histogram(HIGHEST, 3);
    private Histogram interval;

    public Leg(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public void record(long nanos) {
        recorder.recordValue(Math.min(HIGHEST, Math.max(0, nanos)));
    }

    /** Adds everything recorded since the last call to the total; returns the total. */
    public synchronized Histogram harvest() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        return total;
    }
}
