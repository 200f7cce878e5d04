package im.load.report;

import java.util.List;
import java.util.Map;

/**
 * What summary.json holds.
 *
 * @param settings the flags the run used
 * @param sessions sessions connected for the run, by gateway node
 * @param closed sessions the server closed during the run, by close code
 * @param notes warnings and observations worth reading before the numbers
 * @param capacity the capacity mode's result (null in the message modes)
 */
public record RunReport(
        String mode,
        String startedAt,
        Map<String, Object> settings,
        Map<String, Long> sessions,
        double warmupSeconds,
        String warmup,
        boolean warmupCapped,
        List<StageResult> stages,
        Map<Integer, Long> closed,
        List<String> notes,
        CapacityResult capacity) {}
