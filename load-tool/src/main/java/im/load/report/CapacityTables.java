package im.load.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The capacity result as a two-column table. */
final class CapacityTables {

    private CapacityTables() {}

    static List<List<String>> rows(CapacityResult c) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("figure", "value"));
        add(rows, "sessions offered", String.valueOf(c.offered()));
        add(rows, "sessions held at the end of the hold", String.valueOf(c.held()));
        add(rows, "refused (close code or handshake failure → count)", String.valueOf(c.refused()));
        add(rows, "redirected (not owned by this gateway; replaced)", String.valueOf(c.redirected()));
        add(rows, "throttled (4429, retried after a backoff)", String.valueOf(c.throttled()));
        add(rows, "dropped during the hold (close code → count)", String.valueOf(c.dropped()));
        add(
                rows,
                "connect → welcome p50 / p99 / max ms",
                Tables.ms(c.connect().p50()) + " / " + Tables.ms(c.connect().p99()) + " / "
                        + Tables.ms(c.connect().max()));
        add(rows, "logins per second (connect phase)", Tables.num(c.loginsPerSecond()));
        add(
                rows,
                "connect phase / hold, s",
                String.format(Locale.ROOT, "%.1f / %.1f", c.connectSeconds(), c.holdSeconds()));
        var m = c.memory();
        add(rows, "gateway RSS fresh → loaded, MB", mb(m.rssFresh()) + " → " + mb(m.rssLoaded()));
        add(rows, "gateway RSS per session, KB", kb(m.rssPerSession(c.held())));
        add(
                rows,
                "gateway heap after GC fresh → loaded, MB (" + m.heapHow() + ")",
                mb(m.heapFresh()) + " → " + mb(m.heapLoaded()));
        add(rows, "gateway heap per session, KB", kb(m.heapPerSession(c.held())));
        add(rows, "gateway CPU per 10,000 idle sessions (hold), cores", Tables.fixed(c.gatewayCoresPer10k()));
        add(rows, "CPU during connect, % of a core", Markdown.cpuLine(c.cpuConnect(), c.connectSeconds()));
        add(rows, "CPU during hold, % of a core", Markdown.cpuLine(c.cpuHold(), c.holdSeconds()));
        add(rows, "load-generator child processes", String.valueOf(c.children()));
        return rows;
    }

    private static void add(List<List<String>> rows, String k, String v) {
        rows.add(List.of(k, v));
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "–" : String.format(Locale.ROOT, "%.1f", bytes / 1048576.0);
    }

    private static String kb(double bytes) {
        return Double.isNaN(bytes) ? "–" : String.format(Locale.ROOT, "%.1f", bytes / 1024);
    }
}
