package im.load.report;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/** The report's two plots: latency by percentile per stage, and throughput against p99 over the sweep. */
final class Plots {

    private static final double[] PERCENTILE_TICKS = {0, 1, 2, 3, 4, 5};

    private Plots() {}

    /**
     * Points (x, ms) of a latency-by-percentile curve, x = log10(1 / (1 - p)): 0 at the median's left
     * end, 1 at 90 %, 2 at 99 %, ... (the usual HdrHistogram plot). Stops at 1 - 1/count, beyond which
     * a percentile says nothing.
     */
    static List<double[]> percentileCurve(Histogram h) {
        List<double[]> out = new ArrayList<>();
        if (h.getTotalCount() == 0) {
            return out;
        }
        double xMax = Math.min(5, Math.log10(h.getTotalCount()));
        for (HistogramIterationValue v : h.percentiles(5)) {
            double p = v.getPercentileLevelIteratedTo() / 100;
            double x = p >= 1 ? xMax : Math.min(xMax, Math.log10(1 / (1 - p)));
            out.add(new double[] {x, v.getValueIteratedTo() / 1e6});
            if (x >= xMax) {
                break;
            }
        }
        return out;
    }

    static String percentiles(List<StageData> stages, String leg, String title) {
        List<Svg.Series> series = new ArrayList<>();
        for (StageData s : stages) {
            Histogram h = s.histograms().get(leg);
            if (h != null && h.getTotalCount() > 0) {
                series.add(new Svg.Series(s.result().name(), percentileCurve(h), false));
            }
        }
        return Svg.chart(title, "percentile", "latency, ms", series, PERCENTILE_TICKS, Plots::percentileLabel, false);
    }

    private static final String[] PERCENTILE_LABELS = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%"};

    static String percentileLabel(double x) {
        int i = (int) Math.round(x);
        return i >= 0 && i < PERCENTILE_LABELS.length ? PERCENTILE_LABELS[i] : "";
    }

    static String throughput(List<StageResult> stages, List<String> legs) {
        List<Svg.Series> series = new ArrayList<>();
        double xMax = 0;
        for (String leg : legs) {
            List<double[]> pts = new ArrayList<>();
            for (StageResult r : stages) {
                pts.add(new double[] {
                    r.deliveredPerSecond(), r.latency().get(leg).p99()
                });
                xMax = Math.max(xMax, r.deliveredPerSecond());
            }
            series.add(new Svg.Series("p99 " + leg, pts, leg.equals("accepted")));
        }
        double top = Svg.niceCeil(Math.max(1, xMax));
        double[] ticks = {0, top / 5, 2 * top / 5, 3 * top / 5, 4 * top / 5, top};
        return Svg.chart(
                "p99 against throughput, over the sweep",
                "deliveries per second",
                "p99, ms",
                series,
                ticks,
                Svg::fmt,
                true);
    }
}
