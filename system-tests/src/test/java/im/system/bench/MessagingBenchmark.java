package im.system.bench;

import im.infra.Infrastructure;
import im.system.support.TestClient;
import im.system.support.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * One-to-one messaging across two gateway processes: send→deliver latency and throughput at fixed
 * offered rates ({@code ./im bench-messaging}; docs/benchmarks.md).
 *
 * <p>Everything runs on this machine: Kafka, Redis, PostgreSQL, two gateways, routing, presence and
 * the clients. Pairs of users are placed so every message crosses nodes (sender on gw-1, recipient on
 * gw-2, and the reverse). Each sender thread keeps an open-loop schedule; latency is measured from
 * the <em>scheduled</em> send time to the recipient's receipt (no coordinated omission), with one
 * clock since clients share this JVM. After each stage the run waits for stragglers and counts lost
 * and duplicated deliveries.
 *
 * <p>Arguments: {@code pairs=50 seconds=30 rates=500,1000,2000 warmup=90}.
 */
public final class MessagingBenchmark {

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new java.util.HashMap<>();
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            a.put(kv[0], kv[1]);
        }
        int pairs = Integer.parseInt(a.getOrDefault("pairs", "50"));
        int seconds = Integer.parseInt(a.getOrDefault("seconds", "30"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "90"));
        List<Integer> rates = java.util.Arrays.stream(
                        a.getOrDefault("rates", "500,1000,2000").split(","))
                .map(Integer::parseInt)
                .toList();
        System.out.printf("starting infrastructure and the cluster (2 gateways, routing, presence) ...%n");
        try (Infrastructure infra = Infrastructure.start();
                TestCluster cluster = TestCluster.start(infra, 2, Map.of(), "bench-messaging", true)) {
            List<Link> links = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                String x = cluster.userOn("gw-1", "bx" + i);
                String y = cluster.userOn("gw-2", "by" + i);
                TestClient cx = cluster.connect(x, "d");
                TestClient cy = cluster.connect(y, "d");
                links.add(new Link(cx, y));
                links.add(new Link(cy, x));
            }
            System.out.printf("%d pairs connected (%d clients), messages cross gw-1 <-> gw-2%n", pairs, pairs * 2);
            Stage.run(cluster, links, 500, warmup, false);
            System.out.printf(
                    "%n%-8s %-10s %-10s %-9s %-9s %-9s %-9s %-10s %-6s %-6s%n",
                    "offered", "sent/s", "deliv/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "acc p99", "lost", "dup");
            for (int rate : rates) {
                Stage.run(cluster, links, rate, seconds, true);
            }
            for (Link l : links) {
                l.client().close();
            }
        }
    }

    /** A client and the user it writes to. */
    record Link(TestClient client, String to) {}

    /** One stage at a fixed offered rate. */
    static final class Stage {

        static void run(TestCluster cluster, List<Link> links, int rate, int seconds, boolean print)
                throws InterruptedException {
            Histogram deliver = new ConcurrentHistogram(60_000_000_000L, 3);
            Histogram accept = new ConcurrentHistogram(60_000_000_000L, 3);
            // Where the time goes, from the timestamps in each message (one clock: all on this machine):
            // client → sender's gateway → stored by routing → pushed and read by the recipient.
            Histogram toGateway = new ConcurrentHistogram(60_000L, 3);
            Histogram toStore = new ConcurrentHistogram(60_000L, 3);
            Histogram toClient = new ConcurrentHistogram(60_000L, 3);
            Map<String, Boolean> delivered = new ConcurrentHashMap<>();
            AtomicLong duplicates = new AtomicLong();
            String stage = "r" + rate + "-" + System.nanoTime() + "-";
            Map<String, Long> scheduledAt = new ConcurrentHashMap<>();
            Map<String, Long> wallSentAt = new ConcurrentHashMap<>();
            for (Link l : links) {
                l.client().onFrame(f -> {
                    String type = f.path("type").asString();
                    long now = System.nanoTime();
                    if (type.equals("message")) {
                        String body = f.get("body").asString();
                        if (body.startsWith(stage)) {
                            if (delivered.putIfAbsent(body, true) != null) {
                                duplicates.incrementAndGet();
                            } else {
                                deliver.recordValue(
                                        Math.max(0, now - Long.parseLong(body.substring(body.lastIndexOf('@') + 1))));
                                long wall = System.currentTimeMillis();
                                long sentAt = f.get("sentAt").asLong();
                                long storedAt = f.get("storedAt").asLong();
                                Long wallSent = wallSentAt.get(body);
                                if (wallSent != null) {
                                    toGateway.recordValue(Math.max(0, sentAt - wallSent));
                                }
                                toStore.recordValue(Math.max(0, storedAt - sentAt));
                                toClient.recordValue(Math.max(0, wall - storedAt));
                            }
                        }
                    } else if (type.equals("accepted")) {
                        Long t = scheduledAt.remove(f.get("clientMsgId").asString());
                        if (t != null) {
                            accept.recordValue(Math.max(0, now - t));
                        }
                    }
                });
            }
            int threads = Math.min(4, links.size());
            long total = (long) rate * seconds;
            long intervalNanos = 1_000_000_000L * threads / rate;
            long start = System.nanoTime() + 100_000_000L;
            List<Thread> senders = new ArrayList<>();
            AtomicLong sent = new AtomicLong();
            for (int t = 0; t < threads; t++) {
                int me = t;
                Thread sender = new Thread(
                        () -> {
                            long n = 0;
                            for (long k = me; k < total; k += threads, n++) {
                                long due = start + n * intervalNanos;
                                long wait = due - System.nanoTime();
                                if (wait > 0) {
                                    LockSupport.parkNanos(wait);
                                }
                                Link l = links.get((int) (k % links.size()));
                                String id = stage + k;
                                scheduledAt.put(id, due);
                                wallSentAt.put(id + "@" + due, System.currentTimeMillis());
                                l.client().send("send", "to", l.to(), "clientMsgId", id, "body", id + "@" + due);
                            }
                        },
                        "sender-" + me);
                sender.start();
                senders.add(sender);
            }
            for (Thread s : senders) {
                s.join();
            }
            double sendSeconds = (System.nanoTime() - start) / 1e9;
            long sentCount = total;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (delivered.size() < sentCount && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            double allSeconds = (System.nanoTime() - start) / 1e9;
            Thread.sleep(300);
            if (print) {
                System.out.printf(
                        "%-8d %-10.0f %-10.0f %-9.1f %-9.1f %-9.1f %-9.1f %-10.1f %-6d %-6d%n",
                        rate,
                        sentCount / sendSeconds,
                        delivered.size() / allSeconds,
                        ms(deliver.getValueAtPercentile(50)),
                        ms(deliver.getValueAtPercentile(99)),
                        ms(deliver.getValueAtPercentile(99.9)),
                        ms(deliver.getMaxValue()),
                        ms(accept.getValueAtPercentile(99)),
                        sentCount - delivered.size(),
                        duplicates.get());
                System.out.printf(
                        "         where the time goes (p50 / p99 ms): client→gateway %d / %d, gateway→stored %d / %d,"
                                + " stored→recipient %d / %d%n",
                        toGateway.getValueAtPercentile(50),
                        toGateway.getValueAtPercentile(99),
                        toStore.getValueAtPercentile(50),
                        toStore.getValueAtPercentile(99),
                        toClient.getValueAtPercentile(50),
                        toClient.getValueAtPercentile(99));
            }
        }

        private static double ms(long nanos) {
            return nanos / 1e6;
        }
    }

    private MessagingBenchmark() {}
}
