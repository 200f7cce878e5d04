package im.load.proc;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JVM's CPU went, from a flight recording's execution samples (threads running Java code):
 * shares by the sampled (top) frame's package, by the thread (digits folded, so a pool is one row),
 * by this project's nearest method on the stack (the project's code that led to the work), and the
 * hottest frames. {@code ./im jfr-top FILE [FROM TO]} (ISO-8601 instants) limits it to a window, such
 * as one stage of a load run.
 */
public final class JfrTop {

    private static final List<String> PACKAGES = List.of(
            "im.",
            "org.apache.tomcat.",
            "org.apache.coyote.",
            "org.apache.catalina.",
            "org.springframework.",
            "tools.jackson.",
            "com.fasterxml.jackson.",
            "org.apache.kafka.",
            "kafka.",
            "io.lettuce.",
            "io.netty.",
            "org.postgresql.",
            "com.zaxxer.hikari.",
            "io.micrometer.",
            "ch.qos.logback.",
            "org.slf4j.",
            "com.nimbusds.",
            "com.github.benmanes.caffeine.",
            "java.util.concurrent.",
            "java.util.",
            "java.lang.",
            "java.nio.",
            "sun.nio.",
            "java.io.",
            "jdk.",
            "sun.");

    private JfrTop() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1 && args.length != 3) {
            System.err.println("usage: jfr-top FILE [FROM TO]   (ISO-8601 instants, e.g. 2026-12-07T17:22:00Z)");
            System.exit(2);
        }
        Instant from = args.length == 3 ? Instant.parse(args[1]) : Instant.MIN;
        Instant to = args.length == 3 ? Instant.parse(args[2]) : Instant.MAX;
        Map<String, Long> byPackage = new HashMap<>(),
                byThread = new HashMap<>(),
                byOwn = new HashMap<>(),
                byFrame = new HashMap<>();
        long n = 0;
        try (RecordingFile f = new RecordingFile(Path.of(args[0]))) {
            while (f.hasMoreEvents()) {
                RecordedEvent e = f.readEvent();
                if (!e.getEventType().getName().equals("jdk.ExecutionSample")
                        || e.getStartTime().isBefore(from)
                        || e.getStartTime().isAfter(to)) {
                    continue;
                }
                RecordedStackTrace st = e.getStackTrace();
                if (st == null || st.getFrames().isEmpty()) {
                    continue;
                }
                n++;
                RecordedFrame top = st.getFrames().get(0);
                String cls = top.getMethod().getType().getName();
                byPackage.merge(bucket(cls), 1L, Long::sum);
                byFrame.merge(cls + "." + top.getMethod().getName(), 1L, Long::sum);
                var sampled = e.getThread("sampledThread");
                String thread = sampled == null ? null : sampled.getJavaName();
                byThread.merge(thread == null ? "?" : thread.replaceAll("\\d+", "N"), 1L, Long::sum);
                byOwn.merge(nearestOwn(st), 1L, Long::sum);
            }
        }
        System.out.printf("%d execution samples%s%n", n, args.length == 3 ? " from " + from + " to " + to : "");
        print("by package of the running frame", byPackage, n, 20);
        print("by thread (digits folded)", byThread, n, 15);
        print("by the project's nearest method on the stack", byOwn, n, 25);
        print("hottest frames", byFrame, n, 25);
    }

    private static String bucket(String cls) {
        for (String p : PACKAGES) {
            if (cls.startsWith(p)) {
                return p + "*";
            }
        }
        return cls.contains(".") ? cls.substring(0, cls.lastIndexOf('.')) + ".*" : cls;
    }

    private static String nearestOwn(RecordedStackTrace st) {
        for (RecordedFrame fr : st.getFrames()) {
            String cls = fr.getMethod().getType().getName();
            if (cls.startsWith("im.")) {
                return cls.substring(cls.lastIndexOf('.') + 1) + "."
                        + fr.getMethod().getName();
            }
        }
        return "(no project frame)";
    }

    private static void print(String title, Map<String, Long> counts, long total, int limit) {
        System.out.printf("%n%s%n", title);
        Map<String, Long> sorted = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(limit)
                .forEach(en -> sorted.put(en.getKey(), en.getValue()));
        sorted.forEach((k, v) -> System.out.printf("  %5.1f%%  %s%n", 100.0 * v / Math.max(1, total), k));
    }
}
