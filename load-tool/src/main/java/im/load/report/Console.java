package im.load.report;

import java.util.Map;

/** One line per finished stage on the terminal, in the same terms as summary.md. */
public final class Console {

    private Console() {}

    public static void stage(StageResult r) {
        LatencySummary a = r.latency().get("accepted");
        LatencySummary d = r.latency().get("delivered");
        System.out.printf(
                "%-10s offered %,.0f/s sent %,.0f/s delivered %,.0f/s | accepted p50 %.1f p99 %.1f ms | delivered p50"
                        + " %.1f p99 %.1f p99.9 %.1f max %.1f ms | lost %d dup %d out-of-order %d errors %s"
                        + " unanswered %d%n",
                r.name(),
                r.offered(),
                r.sentPerSecond(),
                r.deliveredPerSecond(),
                a.p50(),
                a.p99(),
                d.p50(),
                d.p99(),
                d.p999(),
                d.max(),
                r.tally().lost(),
                r.tally().duplicated(),
                r.tally().outOfOrder(),
                r.tally().errors().isEmpty() ? "0" : r.tally().errors(),
                r.tally().unanswered());
        LatencySummary last = r.latency().get("last-delivery");
        if (last.count() > 0 && r.tally().expected() > r.tally().accepted()) {
            System.out.printf(
                    "%-10s last delivery per message p50 %.1f p99 %.1f max %.1f ms%n",
                    "", last.p50(), last.p99(), last.max());
        }
        if (!r.cpuSeconds().isEmpty()) {
            StringBuilder s = new StringBuilder();
            for (Map.Entry<String, Double> e : r.cpuMsPerDelivery().entrySet()) {
                s.append(String.format(" %s %.3f", e.getKey(), e.getValue()));
            }
            System.out.printf("%-10s CPU ms per delivery:%s%n", "", s);
        }
    }
}
