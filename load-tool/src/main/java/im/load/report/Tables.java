package im.load.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The report's tables as rows of cells, rendered by both summary.md and the HTML report. */
final class Tables {

    private Tables() {}

    static List<List<String>> stages(List<StageResult> stages, boolean group) {
        List<List<String>> rows = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of(
                "stage",
                "offered/s",
                "sent/s",
                "delivered/s",
                "accepted p50 / p99 ms",
                "delivered p50 / p99 / p99.9 / max ms"));
        if (group) {
            head.add("last delivery p50 / p99 / max ms");
        }
        head.addAll(List.of("lost", "dup", "out of order", "seq gaps", "errors", "unanswered", "send lag p99 ms"));
        rows.add(head);
        for (StageResult r : stages) {
            LatencySummary a = r.latency().get("accepted"), d = r.latency().get("delivered");
            List<String> row = new ArrayList<>(List.of(
                    r.name(),
                    num(r.offered()),
                    num(r.sentPerSecond()),
                    num(r.deliveredPerSecond()),
                    ms(a.p50()) + " / " + ms(a.p99()),
                    ms(d.p50()) + " / " + ms(d.p99()) + " / " + ms(d.p999()) + " / " + ms(d.max())));
            if (group) {
                LatencySummary l = r.latency().get("last-delivery");
                row.add(ms(l.p50()) + " / " + ms(l.p99()) + " / " + ms(l.max()));
            }
            var t = r.tally();
            row.addAll(List.of(
                    String.valueOf(t.lost()),
                    String.valueOf(t.duplicated()),
                    String.valueOf(t.outOfOrder()),
                    String.valueOf(t.seqGaps()),
                    t.errors().isEmpty() ? "0" : t.errors().toString(),
                    String.valueOf(t.unanswered()),
                    ms(r.latency().get("send-lag").p99())));
            rows.add(row);
        }
        return rows;
    }

    /** CPU milliseconds per delivered message, a row per process, a column per stage. */
    static List<List<String>> cpu(List<StageResult> stages) {
        Set<String> procs = new LinkedHashSet<>();
        stages.forEach(s -> procs.addAll(s.cpuSeconds().keySet()));
        List<List<String>> rows = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("CPU ms per delivered message"));
        stages.forEach(s -> head.add(s.name()));
        rows.add(head);
        for (String p : procs) {
            List<String> row = new ArrayList<>(List.of(p));
            stages.forEach(s -> row.add(fixed(s.cpuMsPerDelivery().getOrDefault(p, Double.NaN))));
            rows.add(row);
        }
        List<String> server = new ArrayList<>(List.of("server total (services + infrastructure)"));
        stages.forEach(s -> server.add(
                fixed(s.deliveredByAll() == 0 ? Double.NaN : s.serverCpuSeconds() * 1000 / s.deliveredByAll())));
        rows.add(server);
        List<String> jit = new ArrayList<>(List.of("JIT compiler CPU in the stage, s (busiest JVM)"));
        stages.forEach(s -> jit.add(fixed(s.jitSeconds().values().stream()
                .mapToDouble(Double::doubleValue)
                .max()
                .orElse(Double.NaN))));
        rows.add(jit);
        return rows;
    }

    static String markdown(List<List<String>> rows) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            s.append("| ").append(String.join(" | ", rows.get(i))).append(" |\n");
            if (i == 0) {
                s.append("|").append("---|".repeat(rows.get(0).size())).append('\n');
            }
        }
        return s.toString();
    }

    static String html(List<List<String>> rows) {
        StringBuilder s = new StringBuilder("<table>\n");
        for (int i = 0; i < rows.size(); i++) {
            String cell = i == 0 ? "th" : "td";
            s.append("<tr>");
            for (String c : rows.get(i)) {
                s.append('<')
                        .append(cell)
                        .append('>')
                        .append(Svg.esc(c))
                        .append("</")
                        .append(cell)
                        .append('>');
            }
            s.append("</tr>\n");
        }
        return s.append("</table>\n").toString();
    }

    static String num(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%,.0f", v);
    }

    static String ms(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.1f", v);
    }

    static String fixed(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
    }
}
