package im.system.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * The soak's figures: every sample as it comes ({@code samples.csv}, {@code lag.csv}), and at the end
 * {@code summary.md}: for each process and measure, the median of the third quarter of the run against
 * the median of the last quarter (both after every fault), and whether it grew.
 */
final class SoakReport {

    /** A change of a median smaller than this share, or than {@link #SMALL_KB}, counts as steady. */
    private static final double STEADY_SHARE = 0.10;

    private static final long SMALL_KB = 8 * 1024;

    private record Row(long seconds, ProcessSampler.Sample sample) {}

    private final Path out;
    private final int minutes;
    private final int offeredRate;
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, List<long[]>> lags = new LinkedHashMap<>();
    private final List<String> events = new ArrayList<>();

    SoakReport(Path out, int minutes, int offeredRate) {
        this.out = out;
        this.minutes = minutes;
        this.offeredRate = offeredRate;
        write("samples.csv", "seconds,process,rss_kb,threads,open_files,heap_after_gc_kb\n", false);
        write("lag.csv", "seconds,group,lag\n", false);
    }

    void event(Duration at, String what) {
        String line = "%d s: %s".formatted(at.toSeconds(), what);
        events.add(line);
        System.out.println("[soak] " + line);
    }

    void sample(Duration at, List<ProcessSampler.Sample> samples, Map<String, Long> lag) {
        StringBuilder csv = new StringBuilder();
        for (ProcessSampler.Sample s : samples) {
            rows.add(new Row(at.toSeconds(), s));
            csv.append("%d,%s,%d,%d,%d,%d%n"
                    .formatted(at.toSeconds(), s.process(), s.rssKb(), s.threads(), s.openFiles(), s.heapAfterGcKb()));
        }
        write("samples.csv", csv.toString(), true);
        StringBuilder lagCsv = new StringBuilder();
        lag.forEach((group, value) -> {
            lags.computeIfAbsent(group, g -> new ArrayList<>()).add(new long[] {at.toSeconds(), value});
            lagCsv.append("%d,%s,%d%n".formatted(at.toSeconds(), group, value));
        });
        write("lag.csv", lagCsv.toString(), true);
        System.out.printf("[soak] %d s: sampled %d processes%n", at.toSeconds(), samples.size());
    }

    void finish(int accepted, long longestAcceptanceMillis) {
        long total = minutes * 60L;
        StringBuilder md = new StringBuilder();
        md.append("# Soak: %d minutes, %d msg/s offered%n%n".formatted(minutes, offeredRate));
        md.append("Messages accepted: %d; lost: 0, duplicated: 0, out of order: 0 (checked at the end); longest"
                        .formatted(accepted))
                .append(" send → accepted: %d ms.%n%n".formatted(longestAcceptanceMillis));
        md.append("## Faults%n%n".formatted());
        events.forEach(e -> md.append("- ").append(e).append('\n'));
        md.append("%n## Growth after the faults%n%n".formatted())
                .append("Median of the third quarter (from %d s) against the last quarter (from %d s); steady: within"
                        .formatted(total / 2, total * 3 / 4))
                .append(" 10 %% or 8 MB (threads and files: within 10 %% or 2).%n%n".formatted())
                .append("| process | measure | third quarter | last quarter | change | verdict |\n")
                .append("|---|---|---|---|---|---|\n");
        Set<String> processes = new LinkedHashSet<>();
        rows.forEach(r -> processes.add(r.sample().process()));
        for (String p : processes) {
            line(md, p, "RSS (MB)", total, r -> r.rssKb(), 1024, SMALL_KB);
            line(md, p, "heap after GC (MB)", total, r -> r.heapAfterGcKb(), 1024, SMALL_KB);
            line(md, p, "threads", total, r -> r.threads(), 1, 2);
            line(md, p, "open files", total, r -> r.openFiles(), 1, 2);
        }
        md.append(
                "%n## Kafka consumer lag (records)%n%n| group | max in the second half | at the end |%n|---|---|---|%n"
                        .formatted());
        lags.forEach((group, series) -> {
            long max = series.stream()
                    .filter(v -> v[0] >= total / 2)
                    .mapToLong(v -> v[1])
                    .max()
                    .orElse(0);
            md.append("| %s | %d | %d |%n".formatted(group, max, series.get(series.size() - 1)[1]));
        });
        write("summary.md", md.toString(), false);
    }

    private void line(
            StringBuilder md,
            String process,
            String measure,
            long total,
            ToLongFunction<ProcessSampler.Sample> value,
            long unit,
            long small) {
        long third = median(process, value, total / 2, total * 3 / 4);
        long last = median(process, value, total * 3 / 4, Long.MAX_VALUE);
        if (third < 0 || last < 0) {
            return;
        }
        long change = last - third;
        boolean steady = Math.abs(change) <= small || Math.abs(change) <= third * STEADY_SHARE;
        md.append("| %s | %s | %s | %s | %+.1f %% | %s |%n"
                .formatted(
                        process,
                        measure,
                        scaled(third, unit),
                        scaled(last, unit),
                        third == 0 ? 0.0 : 100.0 * change / third,
                        steady ? "steady" : change > 0 ? "**grows**" : "shrinks"));
    }

    private long median(String process, ToLongFunction<ProcessSampler.Sample> value, long from, long to) {
        long[] values = rows.stream()
                .filter(r -> r.sample().process().equals(process) && r.seconds() >= from && r.seconds() < to)
                .mapToLong(r -> value.applyAsLong(r.sample()))
                .filter(v -> v >= 0)
                .sorted()
                .toArray();
        return values.length == 0 ? -1 : values[values.length / 2];
    }

    private static String scaled(long value, long unit) {
        return unit == 1 ? Long.toString(value) : "%.1f".formatted(value / (double) unit);
    }

    private void write(String file, String text, boolean append) {
        try {
            Files.writeString(
                    out.resolve(file),
                    text,
                    append
                            ? new StandardOpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.APPEND}
                            : new StandardOpenOption[] {
                                StandardOpenOption.CREATE,
                                StandardOpenOption.TRUNCATE_EXISTING,
                                StandardOpenOption.WRITE
                            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
