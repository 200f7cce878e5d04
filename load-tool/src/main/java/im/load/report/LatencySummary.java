package im.load.report;

import org.HdrHistogram.Histogram;

/** Percentiles of one leg, in milliseconds. */
public record LatencySummary(
        long count, double p50, double p90, double p99, double p999, double p9999, double max, double mean) {

    public static LatencySummary of(Histogram h) {
        if (h.getTotalCount() == 0) {
            return new LatencySummary(
                    0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new LatencySummary(
                h.getTotalCount(),
                ms(h.getValueAtPercentile(50)),
                ms(h.getValueAtPercentile(90)),
                ms(h.getValueAtPercentile(99)),
                ms(h.getValueAtPercentile(99.9)),
                ms(h.getValueAtPercentile(99.99)),
                ms(h.getMaxValue()),
                h.getMean() / 1e6);
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }
}
