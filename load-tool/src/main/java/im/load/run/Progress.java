package im.load.run;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The terminal's view of a running stage: messages sent out of those planned, with rate, deliveries
 * and p99 so far. Without a bar ({@code --no-progress}, or output to a file) a line every 5 s.
 */
public final class Progress implements AutoCloseable {

    private final boolean bar;
    private ProgressBar current;
    private String name;
    private long lastLine;

    public Progress(boolean bar) {
        this.bar = bar;
    }

    public void start(String stage, long planned) {
        close();
        name = stage;
        if (bar) {
            current = new ProgressBarBuilder()
                    .setTaskName(stage)
                    .setInitialMax(planned)
                    .setUpdateIntervalMillis(500)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setMaxRenderedLength(140)
                    .build();
        }
        lastLine = System.nanoTime();
    }

    public void update(long sent, double rate, long delivered, double p99Ms) {
        String extra = String.format("%,.0f msg/s, delivered %,d, p99 %.1f ms", rate, delivered, p99Ms);
        if (current != null) {
            current.stepTo(sent);
            current.setExtraMessage(extra);
        } else if (System.nanoTime() - lastLine > 5_000_000_000L) {
            lastLine = System.nanoTime();
            System.out.printf("  %s: sent %,d, %s%n", name, sent, extra);
        }
    }

    @Override
    public void close() {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
