package im.load.report;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** index.html: self-contained (inline CSS and SVG), viewable offline. */
final class Html {

    private Html() {}

    static String of(RunReport r, List<StageData> stages, Map<String, Histogram> extra) {
        StringBuilder s = new StringBuilder("<!doctype html>\n<html><head><meta charset='utf-8'><title>load: ")
                .append(Svg.esc(r.mode()))
                .append("</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:1200px}"
                        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;"
                        + "text-align:right}th{background:#f4f4f4}td:first-child{text-align:left}"
                        + "code{background:#f4f4f4}</style></head><body>\n");
        s.append("<h1>Load run: ")
                .append(Svg.esc(r.mode()))
                .append("</h1>\n<p>")
                .append(Svg.esc(r.startedAt()))
                .append("</p>\n<p>Settings: <code>")
                .append(Svg.esc(String.valueOf(r.settings())))
                .append("</code></p>\n<p>Sessions by node: ")
                .append(Svg.esc(String.valueOf(r.sessions())))
                .append("</p>\n");
        if (r.capacity() != null) {
            s.append(Tables.html(CapacityTables.rows(r.capacity())));
            Histogram connect = extra.get("connect-welcome");
            if (connect != null) {
                s.append(Svg.chart(
                        "connect → welcome, by percentile",
                        "percentile",
                        "latency, ms",
                        List.of(new Svg.Series("connect", Plots.percentileCurve(connect), false)),
                        new double[] {0, 1, 2, 3, 4, 5},
                        Plots::percentileLabel,
                        false));
            }
        } else {
            s.append("<p>Warm-up: ")
                    .append(String.format("%.0f s, ", r.warmupSeconds()))
                    .append(Svg.esc(r.warmup()))
                    .append("</p>\n");
            s.append(Tables.html(Tables.stages(r.stages(), "group".equals(r.mode()))));
            s.append(Plots.percentiles(stages, "delivered", "send → delivered, by percentile (one line per stage)"));
            s.append(Plots.percentiles(stages, "accepted", "send → accepted, by percentile"));
            if ("group".equals(r.mode())) {
                s.append(Plots.percentiles(stages, "last-delivery", "send → last member's delivery, by percentile"));
            }
            if (r.stages().size() > 1) {
                s.append(Plots.throughput(r.stages(), List.of("delivered", "accepted")));
            }
            if (r.stages().stream().anyMatch(st -> !st.cpuSeconds().isEmpty())) {
                s.append("<h2>CPU per delivered message</h2>\n").append(Tables.html(Tables.cpu(r.stages())));
            }
        }
        if (!r.closed().isEmpty()) {
            s.append("<p>Sessions closed by the server, by close code: ")
                    .append(Svg.esc(r.closed().toString()))
                    .append("</p>\n");
        }
        s.append("<ul>\n");
        r.notes().forEach(n -> s.append("<li>").append(Svg.esc(n)).append("</li>\n"));
        return s.append("</ul>\n</body></html>\n").toString();
    }
}
