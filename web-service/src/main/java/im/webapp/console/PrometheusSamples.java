package im.webapp.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The few samples the console shows, read from a service's Prometheus text: counters and gauges summed
 * over their labels, histogram buckets summed by {@code le}. The page turns two readings into rates and
 * percentiles, as Prometheus would, so nothing here keeps state.
 */
final class PrometheusSamples {

    /** One sample line: name, its labels as written, its value. */
    record Sample(String name, String labels, double value) {
        boolean hasLabel(String key, String value) {
            return labels.contains(key + "=\"" + value + "\"");
        }
    }

    private final List<Sample> samples;

    private PrometheusSamples(List<Sample> samples) {
        this.samples = samples;
    }

    static PrometheusSamples parse(String text) {
        List<Sample> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            if (space <= 0) {
                continue;
            }
            int nameEnd = brace > 0 && brace < space ? brace : space;
            String labels = brace > 0 && brace < space ? line.substring(brace, line.lastIndexOf('}') + 1) : "";
            try {
                out.add(new Sample(line.substring(0, nameEnd), labels, Double.parseDouble(line.substring(space + 1))));
            } catch (NumberFormatException e) {
                // a timestamped or otherwise unusual line: not one the console reads
            }
        }
        return new PrometheusSamples(out);
    }

    /** The sum of {@code name}'s samples whose labels pass {@code filter}; 0 when there are none. */
    double sum(String name, Predicate<Sample> filter) {
        return samples.stream()
                .filter(s -> s.name().equals(name) && filter.test(s))
                .mapToDouble(Sample::value)
                .sum();
    }

    double sum(String name) {
        return sum(name, s -> true);
    }

    /** A histogram's cumulative bucket counts summed over its other labels, by upper bound in seconds. */
    Map<Double, Double> buckets(String histogram) {
        Map<Double, Double> out = new TreeMap<>();
        String name = histogram + "_bucket";
        for (Sample s : samples) {
            if (!s.name().equals(name)) {
                continue;
            }
            int at = s.labels().indexOf("le=\"");
            if (at < 0) {
                continue;
            }
            String le = s.labels().substring(at + 4, s.labels().indexOf('"', at + 4));
            double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
            out.merge(bound, s.value(), Double::sum);
        }
        return out;
    }
}
