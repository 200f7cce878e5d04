package im.load.report;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a run's report directory: one {@code <stage>-<leg>.hgrm} per stage and leg (HdrHistogram's
 * percentile distribution, milliseconds; load it into HdrHistogram's plotter to compare runs),
 * {@code summary.json}, {@code summary.md} and {@code index.html} (tables and inline SVG plots).
 */
public final class ReportWriter {

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ReportWriter() {}

    public static void write(Path dir, RunReport report, List<StageData> stages, Map<String, Histogram> extra) {
        try {
            Files.createDirectories(dir);
            for (StageData s : stages) {
                for (Map.Entry<String, Histogram> h : s.histograms().entrySet()) {
                    if (h.getValue().getTotalCount() > 0) {
                        hgrm(dir.resolve(file(s.result().name()) + "-" + h.getKey() + ".hgrm"), h.getValue());
                    }
                }
            }
            for (Map.Entry<String, Histogram> h : extra.entrySet()) {
                hgrm(dir.resolve(h.getKey() + ".hgrm"), h.getValue());
            }
            Files.writeString(dir.resolve("summary.json"), JSON.writeValueAsString(report));
            Files.writeString(dir.resolve("summary.md"), Markdown.of(report));
            Files.writeString(dir.resolve("index.html"), Html.of(report, stages, extra));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + dir, e);
        }
    }

    static String file(String stageName) {
        return stageName.replace("/s", "ps").replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static void hgrm(Path file, Histogram h) throws IOException {
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, "UTF-8")) {
            h.outputPercentileDistribution(out, 5, 1e6); // nanoseconds recorded, milliseconds written
        }
    }
}
