package im.load.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import im.load.traffic.Tally;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    @TempDir
    Path tmp;

    /** 1..1000 ms, one value each. */
    private static Histogram uniform() {
        Histogram h = new Histogram(3_600_000_000_000L, 3);
        for (int ms = 1; ms <= 1000; ms++) {
            h.recordValue(ms * 1_000_000L);
        }
        return h;
    }

    private static StageData stage(String name, double deliveredPerSecond, Map<String, Double> cpu) {
        Histogram h = uniform();
        Map<String, LatencySummary> lat = new LinkedHashMap<>();
        Map<String, Histogram> hs = new LinkedHashMap<>();
        for (String leg : List.of("accepted", "delivered", "last-delivery", "send-lag")) {
            lat.put(leg, LatencySummary.of(h));
            hs.put(leg, h);
        }
        Tally t = new Tally(1000, 1000, Map.of(), 0, 1000, 1000, 0, 0, 0, 0, 0, 0, 0, 0);
        return new StageData(
                new StageResult(
                        name,
                        false,
                        500,
                        2,
                        t,
                        500,
                        deliveredPerSecond,
                        lat,
                        cpu,
                        Map.of("gw-1", 0.01),
                        2,
                        t.delivered()),
                hs);
    }

    @Test
    void percentilesInMilliseconds() {
        LatencySummary s = LatencySummary.of(uniform());
        assertThat(s.count()).isEqualTo(1000);
        assertThat(s.p50()).isCloseTo(500, within(1.0));
        assertThat(s.p99()).isCloseTo(990, within(1.0));
        assertThat(s.max()).isCloseTo(1000, within(1.0));
        assertThat(s.mean()).isCloseTo(500.5, within(0.5));
        assertThat(LatencySummary.of(new Histogram(3)).p99()).isNaN();
    }

    @Test
    void cpuPerDeliveryAndServerTotal() {
        StageResult r = stage("a", 500, Map.of("gw-1", 0.5, "kafka", 0.25, "load-tool", 0.1, "other", 0.3))
                .result();
        assertThat(r.cpuMsPerDelivery().get("gw-1")).isCloseTo(0.5, within(1e-9)); // 500 ms over 1000
        assertThat(r.serverCpuSeconds()).isCloseTo(0.75, within(1e-9)); // without the tool and the rest
    }

    @Test
    void percentileCurveIsLogScaledAndStopsAtTheLastMeaningfulPercentile() {
        List<double[]> pts = Plots.percentileCurve(uniform());
        assertThat(pts.get(0)[0]).isEqualTo(0.0);
        assertThat(pts.get(pts.size() - 1)[0]).isLessThanOrEqualTo(3.0); // 1000 values: up to 99.9 %
        for (int i = 1; i < pts.size(); i++) {
            assertThat(pts.get(i)[0]).isGreaterThanOrEqualTo(pts.get(i - 1)[0]);
            assertThat(pts.get(i)[1]).isGreaterThanOrEqualTo(pts.get(i - 1)[1]);
        }
        assertThat(Plots.percentileLabel(2)).isEqualTo("99%");
        assertThat(Svg.niceCeil(730)).isEqualTo(1000);
        assertThat(Svg.niceCeil(0.13)).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void writesHgrmSummariesAndASelfContainedHtmlReport() throws Exception {
        List<StageData> stages = List.of(stage("500/s", 495, Map.of("gw-1", 0.5)), stage("1000/s", 990, Map.of()));
        RunReport r = new RunReport(
                "direct",
                "now",
                Map.of("pairs", 5),
                Map.of("gw-1", 5L),
                12,
                "fixed",
                false,
                stages.stream().map(StageData::result).toList(),
                Map.of(4408, 1L),
                List.of("a note"),
                null);
        ReportWriter.write(tmp, r, stages, Map.of());
        assertThat(tmp.resolve("500ps-delivered.hgrm")).exists();
        assertThat(Files.readString(tmp.resolve("1000ps-accepted.hgrm"))).contains("Percentile");
        assertThat(Files.readString(tmp.resolve("summary.json"))).contains("\"mode\" : \"direct\"");
        String md = Files.readString(tmp.resolve("summary.md"));
        assertThat(md)
                .contains("| 500/s | 500 | 500 | 495 |")
                .contains("a note")
                .contains("{4408=1}");
        String html = Files.readString(tmp.resolve("index.html"));
        assertThat(html)
                .contains("<svg")
                .contains("p99 against throughput")
                .doesNotContain("<script", "src=", "href="); // nothing fetched at view time
    }
}
