package im.system.bench;

import im.infra.Infrastructure;
import im.system.support.Groups;
import im.system.support.TestClient;
import im.system.support.TestCluster;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Group fan-out over three gateway processes ({@code ./im bench-groups}; docs/benchmarks.md): one
 * group of {@code members}, {@code online} of them connected (placed by the ring), one sender writing
 * at fixed offered rates. Per stage it reports deliveries per second and, per message, the time from
 * its scheduled send to its <em>last</em> delivery (the slowest member's wait), plus the per-delivery
 * latency. One clock: every client is in this JVM.
 *
 * <p>Arguments: {@code members=10000 online=3000 rates=2,10 seconds=20 warmup=10}.
 */
public final class GroupBenchmark {

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            a.put(kv[0], kv[1]);
        }
        int members = Integer.parseInt(a.getOrDefault("members", "10000"));
        int online = Integer.parseInt(a.getOrDefault("online", "3000"));
        int seconds = Integer.parseInt(a.getOrDefault("seconds", "20"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "10"));
        List<Integer> rates = java.util.Arrays.stream(
                        a.getOrDefault("rates", "2,10").split(","))
                .map(Integer::parseInt)
                .toList();
        System.out.printf("starting infrastructure and the cluster (3 gateways, routing, presence, group) ...%n");
        try (Infrastructure infra = Infrastructure.start();
                TestCluster cluster = TestCluster.start(
                        infra,
                        3,
                        Map.of("IM_MEMBERSHIP_TTL", "15s", "IM_GATEWAY_CONNECTION_IDLE_TIMEOUT", "10m"),
                        "bench-groups",
                        true)) {
            String run = UUID.randomUUID().toString().substring(0, 6);
            String owner = "owner-" + run;
            Groups groups = new Groups(cluster.groupUrl());
            String group = groups.create(owner, "bench");
            List<String> users = IntStream.range(0, members - 1)
                    .mapToObj(i -> "m" + i + "-" + run)
                    .toList();
            long t0 = System.nanoTime();
            groups.addAll(owner, group, users);
            System.out.printf("group of %d created in %d ms%n", members, (System.nanoTime() - t0) / 1_000_000);

            Fanout fanout = new Fanout("g:" + group);
            List<TestClient> clients = connect(cluster, users.subList(0, online), fanout);
            TestClient sender = cluster.connect(owner, "bench");
            awaitTable2(infra, group, online + 1);
            System.out.printf("%d members online on 3 gateways%n", online);

            fanout.stage(sender, group, 2, warmup, online, false);
            System.out.printf(
                    "%n%-8s %-9s %-11s %-11s %-10s %-10s %-10s %-10s %-10s %-6s %-6s%n",
                    "msg/s",
                    "messages",
                    "deliveries",
                    "deliv/s",
                    "last p50",
                    "last p99",
                    "last max",
                    "each p50",
                    "each p99",
                    "lost",
                    "dup");
            for (int rate : rates) {
                fanout.stage(sender, group, rate, seconds, online, true);
            }
            clients.forEach(TestClient::close);
            sender.close();
        }
    }

    private static List<TestClient> connect(TestCluster cluster, List<String> users, Fanout fanout) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<TestClient>> futures = new ArrayList<>();
            for (String u : users) {
                futures.add(pool.submit(() -> {
                    TestClient c = cluster.connect(u, "bench");
                    c.onFrame(fanout::onFrame);
                    return c;
                }));
            }
            List<TestClient> out = new ArrayList<>();
            for (Future<TestClient> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }

    private static void awaitTable2(Infrastructure infra, String group, int expected) {
        RedisClient client = RedisClient.create(RedisURI.create(infra.redisHost(), infra.redisPort()));
        try (var redis = client.connect()) {
            for (int i = 0; i < 600; i++) {
                int sum = redis.sync().hgetall("group:nodes:" + group).values().stream()
                        .mapToInt(Integer::parseInt)
                        .sum();
                if (sum == expected) {
                    return;
                }
                LockSupport.parkNanos(100_000_000L);
            }
            throw new IllegalStateException("table 2 never counted " + expected + " online members");
        } finally {
            client.shutdown();
        }
    }

    /** Deliveries of one stage, by message index (the body), recorded on the clients' threads. */
    static final class Fanout {

        private final String conv;
        private volatile Stage current;

        Fanout(String conv) {
            this.conv = conv;
        }

        void onFrame(tools.jackson.databind.JsonNode f) {
            Stage s = current;
            if (s == null
                    || !f.path("type").asString().equals("message")
                    || !conv.equals(f.path("conv").asString())) {
                return;
            }
            String[] body = f.path("body").asString().split(":");
            if (!body[0].equals(s.id)) {
                return; // a straggler of an earlier stage
            }
            s.delivered(Integer.parseInt(body[1]), System.nanoTime());
        }

        void stage(TestClient sender, String group, int rate, int seconds, int devices, boolean print) {
            int n = rate * seconds;
            Stage s = new Stage(UUID.randomUUID().toString().substring(0, 6), n);
            current = s;
            long interval = 1_000_000_000L / rate;
            long start = System.nanoTime() + 50_000_000L;
            for (int i = 0; i < n; i++) {
                long due = start + i * interval;
                LockSupport.parkNanos(due - System.nanoTime());
                s.scheduled.set(i, due);
                sender.send("send", "group", group, "clientMsgId", s.id + "-" + i, "body", s.id + ":" + i);
            }
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (s.total.get() < (long) n * devices && System.nanoTime() < deadline) {
                LockSupport.parkNanos(50_000_000L);
            }
            LockSupport.parkNanos(1_000_000_000L); // duplicates would arrive now
            current = null;
            if (print) {
                s.print(rate, devices, start);
            }
        }
    }

    /** One stage's counters. */
    static final class Stage {
        final String id;
        final AtomicLongArray scheduled;
        final AtomicLongArray last;
        final AtomicInteger[] count;
        final AtomicLong total = new AtomicLong();
        final AtomicLong lastAny = new AtomicLong();
        final Histogram each = new ConcurrentHistogram(120_000_000_000L, 3);

        Stage(String id, int n) {
            this.id = id;
            this.scheduled = new AtomicLongArray(n);
            this.last = new AtomicLongArray(n);
            this.count = new AtomicInteger[n];
            for (int i = 0; i < n; i++) {
                count[i] = new AtomicInteger();
            }
        }

        void delivered(int i, long now) {
            count[i].incrementAndGet();
            total.incrementAndGet();
            last.accumulateAndGet(i, now, Math::max);
            lastAny.accumulateAndGet(now, Math::max);
            each.recordValue(Math.max(0, now - scheduled.get(i)));
        }

        void print(int rate, int devices, long start) {
            int n = scheduled.length();
            Histogram lastDelivery = new Histogram(120_000_000_000L, 3);
            long lost = 0;
            long dup = 0;
            for (int i = 0; i < n; i++) {
                int c = count[i].get();
                lost += Math.max(0, devices - c);
                dup += Math.max(0, c - devices);
                if (c > 0) {
                    lastDelivery.recordValue(Math.max(0, last.get(i) - scheduled.get(i)));
                }
            }
            double secs = (lastAny.get() - start) / 1e9;
            System.out.printf(
                    "%-8d %-9d %-11d %-11.0f %-10.0f %-10.0f %-10.0f %-10.0f %-10.0f %-6d %-6d%n",
                    rate,
                    n,
                    total.get(),
                    total.get() / secs,
                    lastDelivery.getValueAtPercentile(50) / 1e6,
                    lastDelivery.getValueAtPercentile(99) / 1e6,
                    lastDelivery.getMaxValue() / 1e6,
                    each.getValueAtPercentile(50) / 1e6,
                    each.getValueAtPercentile(99) / 1e6,
                    lost,
                    dup);
        }
    }
}
