package im.load.capacity;

import im.load.proc.ProcFs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway's memory: RSS from {@code /proc/<pid>/status}, heap after a forced full GC ({@code jcmd
 * <pid> GC.run}, then {@code GC.heap_info}) when the process is local, else the heap the actuator's
 * {@code jvm_memory_used_bytes{area="heap"}} reports (no forced GC: noisier).
 */
final class GatewayMemory {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");
    private static final Pattern HEAP_LINE = Pattern.compile(
            "^\\s*(def new generation|tenured generation|garbage-first heap|PSYoungGen|ParOldGen"
                    + "|ZHeap|Shenandoah)",
            Pattern.MULTILINE);

    private final long pid;
    private final String prometheus;

    GatewayMemory(long pid, String prometheus) {
        this.pid = pid;
        this.prometheus = prometheus;
    }

    long rss() {
        return pid > 0 ? ProcFs.system().rssBytes(pid) : -1;
    }

    String how() {
        return pid > 0 ? "jcmd GC.run + GC.heap_info" : prometheus != null ? "actuator, no forced GC" : "unknown";
    }

    long heapAfterGc() {
        if (pid > 0) {
            jcmd("GC.run");
            String info = jcmd("GC.heap_info");
            long used = heapUsed(info);
            if (used >= 0) {
                return used;
            }
        }
        return prometheus == null ? -1 : fromActuator();
    }

    /** The heap's used bytes summed over the lines that describe heap spaces (not metaspace). */
    static long heapUsed(String heapInfo) {
        long sum = 0;
        boolean any = false;
        for (String line : heapInfo.split("\n")) {
            if (HEAP_LINE.matcher(line).find()) {
                Matcher m = USED.matcher(line);
                if (m.find()) {
                    sum += Long.parseLong(m.group(1)) * 1024;
                    any = true;
                }
            }
        }
        return any ? sum : -1;
    }

    /** Sums {@code jvm_memory_used_bytes{area="heap",…}} over the heap pools. */
    static long heapFromPrometheus(String text) {
        double sum = 0;
        boolean any = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                any = true;
            }
        }
        return any ? (long) sum : -1;
    }

    private long fromActuator() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(prometheus))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return heapFromPrometheus(r.body());
        } catch (Exception e) {
            return -1;
        }
    }

    /**
     * The heap's class histogram of live objects (a full GC first): where the bytes per session go.
     * Empty when the gateway is not a local process.
     */
    String classHistogram() {
        return pid > 0 ? jcmd("GC.class_histogram") : "";
    }

    private String jcmd(String command) {
        try {
            String jcmd = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd")
                    .toString();
            Process p = new ProcessBuilder(jcmd, String.valueOf(pid), command)
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(60, TimeUnit.SECONDS);
            return out;
        } catch (Exception e) {
            return "";
        }
    }
}
