package im.system.soak;

import im.infra.Infrastructure;
import im.system.support.TestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One sample of every process of a local cluster: resident memory, threads and open files from
 * {@code /proc}, heap after a full collection for the JVMs ({@code jcmd GC.run}, then {@code jstat}),
 * and the lag of every Kafka consumer group (end offsets minus committed offsets).
 */
final class ProcessSampler implements AutoCloseable {

    /** One process at one moment; {@code heapAfterGcKb} is -1 for a process that is not a JVM. */
    record Sample(String process, long rssKb, int threads, int openFiles, long heapAfterGcKb) {}

    private final TestCluster cluster;
    private final Infrastructure infra;
    private final Admin admin;

    ProcessSampler(TestCluster cluster, Infrastructure infra) {
        this.cluster = cluster;
        this.infra = infra;
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        this.admin = Admin.create(p);
    }

    /** Every service process and every infrastructure process, by name, as they run now. */
    Map<String, Long> processes() {
        Map<String, Long> pids = new LinkedHashMap<>();
        cluster.processes()
                .running()
                .forEach(s -> pids.put(s.name(), cluster.processes().pid(s.name())));
        infra.processes().forEach(p -> pids.put(p.name(), p.pid()));
        return pids;
    }

    List<Sample> sample() {
        List<Sample> out = new ArrayList<>();
        for (Map.Entry<String, Long> e : processes().entrySet()) {
            long pid = e.getValue();
            if (pid <= 0 || !Files.exists(Path.of("/proc/" + pid))) {
                continue;
            }
            Map<String, String> status = status(pid);
            out.add(new Sample(
                    e.getKey(),
                    kb(status.get("VmRSS")),
                    (int) kb(status.get("Threads")),
                    openFiles(pid),
                    isJvm(pid) ? heapAfterGc(pid) : -1));
        }
        return out;
    }

    /** Lag per consumer group: records produced and not yet committed by the group, over its partitions. */
    Map<String, Long> lag() throws Exception {
        Map<String, Long> out = new LinkedHashMap<>();
        for (ConsumerGroupListing g : admin.listConsumerGroups().all().get(10, TimeUnit.SECONDS)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(g.groupId())
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            long lag = 0;
            for (Map.Entry<TopicPartition, OffsetAndMetadata> c : committed.entrySet()) {
                if (c.getValue() != null && ends.containsKey(c.getKey())) {
                    lag += Math.max(
                            0, ends.get(c.getKey()).offset() - c.getValue().offset());
                }
            }
            out.put(g.groupId(), lag);
        }
        return out;
    }

    private static Map<String, String> status(long pid) {
        Map<String, String> m = new HashMap<>();
        try (Stream<String> lines = Files.lines(Path.of("/proc/" + pid + "/status"))) {
            lines.forEach(l -> {
                int colon = l.indexOf(':');
                if (colon > 0) {
                    m.put(l.substring(0, colon), l.substring(colon + 1).trim());
                }
            });
        } catch (IOException e) {
            // the process ended meanwhile
        }
        return m;
    }

    private static long kb(String value) {
        return value == null ? -1 : Long.parseLong(value.split("\\s+")[0]);
    }

    private static int openFiles(long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return (int) fds.count();
        } catch (IOException e) {
            return -1;
        }
    }

    private static boolean isJvm(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/" + pid + "/exe"))
                    .getFileName()
                    .toString()
                    .equals("java");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Heap in use right after a full collection (KB): {@code jcmd GC.run}, a moment for a concurrent
     * cycle to end (G1 with ExplicitGCInvokesConcurrent, as the Kafka broker runs), then {@code jstat -gc}'s
     * survivor, eden and old used columns.
     */
    private static long heapAfterGc(long pid) {
        try {
            run(List.of(tool("jcmd"), Long.toString(pid), "GC.run"));
            Thread.sleep(2000);
            String[] lines = run(List.of(tool("jstat"), "-gc", Long.toString(pid)))
                    .trim()
                    .split("\n");
            String[] head = lines[0].trim().split("\\s+");
            String[] values = lines[lines.length - 1].trim().split("\\s+");
            double used = 0;
            for (int i = 0; i < head.length; i++) {
                if (List.of("S0U", "S1U", "EU", "OU").contains(head[i])) {
                    used += Double.parseDouble(values[i]);
                }
            }
            return (long) used;
        } catch (Exception e) {
            return -1;
        }
    }

    private static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
        return out;
    }

    @Override
    public void close() {
        admin.close();
    }
}
