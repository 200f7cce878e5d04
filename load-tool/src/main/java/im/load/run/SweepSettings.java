package im.load.run;

import java.time.Duration;
import java.util.List;

/**
 * How a sweep runs.
 *
 * @param rates offered rates, one stage each, in order
 * @param stage how long each stage offers load
 * @param warmup {@code null}: until the JIT is idle (needs the service PIDs); else a fixed time (zero:
 *     none)
 * @param warmupMax the cap of a JIT-idle warm-up (reported when hit)
 * @param jitThreshold share of one core that a JVM's compiler threads may use and still count as idle
 * @param jitWindow the window that share is taken over
 * @param stragglers how long a stage waits after its last send for missing answers and deliveries
 * @param progress show a progress bar
 * @param parties the load processes this one is part of ({@link Parties#alone()} for one)
 */
public record SweepSettings(
        List<Double> rates,
        Duration stage,
        Duration warmup,
        Duration warmupMax,
        double jitThreshold,
        Duration jitWindow,
        Duration stragglers,
        boolean progress,
        Parties parties) {}
