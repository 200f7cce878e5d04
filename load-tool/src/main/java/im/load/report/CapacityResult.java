package im.load.report;

import java.util.Map;

/**
 * What {@code capacity} mode measured on one gateway process.
 *
 * @param offered sessions the tool tried to hold
 * @param held sessions still open at the end of the hold
 * @param refused attempts that got no session: closed by the server (by code) or no WebSocket at all
 * @param redirected attempts the gateway sent elsewhere (it does not own that user; not counted as
 *     refused, a replacement user was tried)
 * @param throttled attempts closed with {@code connect_throttled} (4429, past the gateway's connect
 *     rate) and tried again after a jittered backoff, as a client does; not refused
 * @param dropped sessions welcomed and then closed by the server during the hold (by code)
 * @param connect connect→{@code welcome} latency (the whole login: TCP, upgrade, token check, session
 *     report)
 * @param loginsPerSecond welcomed sessions per second of the connect phase
 * @param memory the gateway's memory: fresh (before), loaded (at the end of the hold), per session
 * @param cpu CPU seconds per process during the connect phase and during the hold
 * @param gatewayCoresPer10k the gateway's CPU during the hold, in cores, per 10,000 idle sessions
 */
public record CapacityResult(
        long offered,
        long held,
        Map<String, Long> refused,
        long redirected,
        long throttled,
        Map<String, Long> dropped,
        LatencySummary connect,
        double connectSeconds,
        double loginsPerSecond,
        double holdSeconds,
        Memory memory,
        Map<String, Double> cpuConnect,
        Map<String, Double> cpuHold,
        double gatewayCoresPer10k,
        int children) {

    /** Bytes, and bytes per held session from fresh to loaded. */
    public record Memory(long rssFresh, long rssLoaded, long heapFresh, long heapLoaded, String heapHow) {

        public double rssPerSession(long sessions) {
            return sessions == 0 ? Double.NaN : (rssLoaded - rssFresh) / (double) sessions;
        }

        public double heapPerSession(long sessions) {
            return sessions == 0 || heapFresh < 0 || heapLoaded < 0
                    ? Double.NaN
                    : (heapLoaded - heapFresh) / (double) sessions;
        }
    }
}
