package im.load.report;

import java.util.Locale;
import java.util.Map;

/** summary.md: the run's settings, warm-up, per-stage table and CPU per message, for a commit or an issue. */
final class Markdown {

    private Markdown() {}

    static String of(RunReport r) {
        StringBuilder s = new StringBuilder();
        s.append("# Load run: ")
                .append(r.mode())
                .append(", ")
                .append(r.startedAt())
                .append("\n\n");
        s.append("Settings: `").append(r.settings()).append("`\n\n");
        s.append("Sessions by node: ").append(r.sessions()).append("\n\n");
        if (r.capacity() != null) {
            s.append(Tables.markdown(CapacityTables.rows(r.capacity()))).append('\n');
        } else {
            s.append(String.format(Locale.ROOT, "Warm-up: %.0f s, %s.%n%n", r.warmupSeconds(), r.warmup()));
            boolean group = "group".equals(r.mode());
            s.append(Tables.markdown(Tables.stages(r.stages(), group))).append('\n');
            if (r.stages().stream().anyMatch(st -> !st.cpuSeconds().isEmpty())) {
                s.append(Tables.markdown(Tables.cpu(r.stages()))).append('\n');
            }
        }
        if (!r.closed().isEmpty()) {
            s.append("Sessions closed by the server during the run, by close code: ")
                    .append(r.closed())
                    .append("\n\n");
        }
        for (String n : r.notes()) {
            s.append("- ").append(n).append('\n');
        }
        return s.toString();
    }

    static String cpuLine(Map<String, Double> cpu, double seconds) {
        StringBuilder s = new StringBuilder();
        cpu.forEach((k, v) -> s.append(String.format(Locale.ROOT, "%s %.1f%% ", k, 100 * v / seconds)));
        return s.toString().trim();
    }
}
