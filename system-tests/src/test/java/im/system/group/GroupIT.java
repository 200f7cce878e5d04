package im.system.group;

import static org.assertj.core.api.Assertions.assertThat;

import im.contracts.message.Delivery;
import im.infra.Infrastructure;
import im.infra.SharedInfrastructure;
import im.messaging.NodeQueueRecords;
import im.system.support.Groups;
import im.system.support.NodeQueues;
import im.system.support.TestClient;
import im.system.support.TestCluster;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Group chat across three gateway processes: a 10,000-member group with thousands of members online
 * through the real delivery path, routed once per node and fanned out there.
 */
class GroupIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> NODES = List.of("gw-1", "gw-2", "gw-3");
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static TestCluster cluster;
    private static Groups groups;
    private static RedisClient redisClient;
    private static StatefulRedisConnection<String, String> redis;

    @BeforeAll
    static void startCluster() {
        Infrastructure infra = SharedInfrastructure.get();
        // Thousands of connections at once saturate this 2-core machine for seconds: a longer membership
        // lease keeps a starved gateway's heartbeat from expiring (detection is FailoverIT's subject), and
        // these clients do not ping: connecting all of them takes longer than the 60 s idle timeout.
        cluster = TestCluster.start(
                infra, 3, Map.of("IM_MEMBERSHIP_TTL", "15s", "IM_GATEWAY_CONNECTION_IDLE_TIMEOUT", "10m"), "group");
        groups = new Groups(cluster.groupUrl());
        redisClient = RedisClient.create(RedisURI.create(infra.redisHost(), infra.redisPort()));
        redis = redisClient.connect();
    }

    @AfterAll
    static void stopCluster() {
        if (redis != null) {
            redis.close();
            redisClient.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** One connected device and the group messages pushed to it, collected on the receiving thread. */
    private record Device(String user, TestClient client, List<JsonNode> messages, List<JsonNode> other) {

        static Device connect(String user, String device, String conv) {
            TestClient c = cluster.connect(user, device);
            Device d = new Device(user, c, new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
            c.onFrame(f -> {
                if (f.path("type").asString().equals("message")
                        && conv.equals(f.path("conv").asString())) {
                    d.messages().add(f);
                } else {
                    d.other().add(f);
                }
            });
            return d;
        }

        List<Long> seqs() {
            return messages.stream().map(f -> f.get("seq").asLong()).toList();
        }
    }

    @Test
    void aTenThousandMemberGroupReachesEveryOnlineDeviceOnceWithOneRecordPerNodeAndOfflineMembersSyncAll()
            throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String owner = "owner-" + run;
        List<String> members = IntStream.range(0, Integer.getInteger("im.test.group.members", 9_999))
                .mapToObj(i -> "m" + i + "-" + run)
                .toList();
        String group = groups.create(owner, "ten thousand");
        groups.addAll(owner, group, members);
        String conv = "g:" + group;

        // 3,000 members online through the gateways that own them (the ring spreads them over all three),
        // one of them with a second device; the owner sends.
        List<String> online = members.subList(0, Integer.getInteger("im.test.group.online", 3_000));
        Map<String, Device> devices = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> connects = new ArrayList<>();
            for (String u : online) {
                connects.add(pool.submit(() -> devices.put(u, Device.connect(u, "phone", conv))));
            }
            for (Future<?> f : connects) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        Device second = Device.connect(online.get(0), "laptop", conv);
        TestClient sender = cluster.connect(owner, "phone");
        Device senderLaptop = Device.connect(owner, "laptop", conv);

        // The group distribution shows the online members of each node (the owner included) before anything is sent.
        Map<String, Integer> expected = new HashMap<>();
        for (String u : online) {
            expected.merge(cluster.ownerOf(u), 1, Integer::sum);
        }
        expected.merge(cluster.ownerOf(owner), 1, Integer::sum);
        assertThat(expected).as("members placed on every node").containsOnlyKeys(NODES);
        awaitDistribution(group, expected);

        int n = 20;
        try (NodeQueues queues = new NodeQueues(SharedInfrastructure.get().kafkaBootstrapServers(), NODES)) {
            long start = System.nanoTime();
            for (int i = 1; i <= n; i++) {
                sender.send("send", "group", group, "clientMsgId", run + "-" + i, "body", "hello " + i);
            }
            for (int i = 1; i <= n; i++) {
                JsonNode accepted = sender.awaitType("accepted", WAIT);
                assertThat(accepted.get("conv").asString()).isEqualTo(conv);
            }
            List<Device> all = new ArrayList<>(devices.values());
            all.add(second);
            all.add(senderLaptop);
            awaitAll(all, n);
            long fanOutMillis = (System.nanoTime() - start) / 1_000_000;
            queues.pollFor(Duration.ofSeconds(2)); // late duplicates would show here and in the devices

            List<Long> oneToN = LongStream.rangeClosed(1, n).boxed().toList();
            for (Device d : all) {
                assertThat(d.seqs()).as("messages of " + d.user()).isEqualTo(oneToN);
            }
            for (String node : NODES) {
                List<ConsumerRecord<String, String>> records = queues.records(node, conv);
                assertThat(records.stream()
                                .map(NodeQueueRecords::fromRecord)
                                .peek(d -> assertThat(d.kind()).isEqualTo(Delivery.Kind.GROUP))
                                .peek(d -> assertThat(d.users()).isEmpty())
                                .map(Delivery::seq)
                                .sorted()
                                .toList())
                        .as("records on " + node + "'s queue: one per message")
                        .isEqualTo(oneToN);
            }
            System.out.printf(
                    "group of %d, %d devices online: %d messages delivered %d times in %d ms%n",
                    members.size() + 1, all.size(), n, n * all.size(), fanOutMillis);
        }

        // Members who were offline sync the whole history, in order.
        for (String u : members.subList(members.size() - 3, members.size())) {
            TestClient c = cluster.connect(u, "phone");
            c.send("sync", "ref", "s");
            JsonNode state = c.awaitType("sync_state", WAIT);
            assertThat(state.get("conversations")
                            .valueStream()
                            .filter(e -> e.get("conv").asString().equals(conv))
                            .map(e -> e.get("lastSeq").asLong())
                            .toList())
                    .containsExactly((long) n);
            c.send("sync", "ref", "h", "conv", conv, "after", 0);
            JsonNode page = c.awaitType("messages", WAIT);
            assertThat(page.get("messages")
                            .valueStream()
                            .map(m -> m.get("seq").asLong())
                            .toList())
                    .isEqualTo(LongStream.rangeClosed(1, n).boxed().toList());
            assertThat(page.get("more").asBoolean()).isFalse();
            c.close();
        }
        devices.values().forEach(d -> d.client().close());
        second.client().close();
        senderLaptop.client().close();
        sender.close();
    }

    @Test
    void membershipChangesApplyToTheNextMessageAndNonMembersAreRefused() {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String owner = cluster.userOn("gw-1", "own" + run);
        String stays = cluster.userOn("gw-2", "stay" + run);
        String leaves = cluster.userOn("gw-3", "leave" + run);
        String joins = cluster.userOn("gw-2", "join" + run);
        String group = groups.create(owner, "small");
        groups.addAll(owner, group, List.of(stays, leaves));
        String conv = "g:" + group;
        TestClient sender = cluster.connect(owner, "phone");
        Device staying = Device.connect(stays, "phone", conv);
        Device leaving = Device.connect(leaves, "phone", conv);
        Device joining = Device.connect(joins, "phone", conv);
        awaitDistribution(group, Map.of("gw-1", 1, "gw-2", 1, "gw-3", 1));

        sender.send("send", "group", group, "clientMsgId", run + "-1", "body", "one");
        awaitAll(List.of(staying, leaving), 1);

        // Removed, then the very next message: not delivered to them, and they may no longer write or read.
        groups.remove(owner, group, leaves);
        sender.send("send", "group", group, "clientMsgId", run + "-2", "body", "two");
        awaitAll(List.of(staying), 2);
        leaving.client().send("send", "group", group, "clientMsgId", run + "-x", "body", "still here?");
        // Added, then the very next message: delivered to them, although the group distribution may not count them yet
        // (the message still reaches gw-2, where the other member is).
        groups.add(owner, group, joins);
        sender.send("send", "group", group, "clientMsgId", run + "-3", "body", "three");
        awaitAll(List.of(staying), 3);
        awaitAll(List.of(joining), 1);
        sleep(1_000);

        assertThat(staying.seqs()).containsExactly(1L, 2L, 3L);
        assertThat(leaving.seqs()).containsExactly(1L);
        assertThat(joining.seqs()).containsExactly(3L);
        assertThat(leaving.other().stream()
                        .filter(f -> f.path("type").asString().equals("error"))
                        .map(f -> f.get("code").asString() + "/"
                                + f.path("clientMsgId").asString())
                        .toList())
                .containsExactly("forbidden/" + run + "-x");
        leaving.client().send("sync", "ref", "r", "conv", conv, "after", 0);
        assertThat(awaitOther(leaving, "error").get("code").asString()).isEqualTo("forbidden");
        // The new member reads the whole history.
        joining.client().send("sync", "ref", "h", "conv", conv, "after", 0);
        assertThat(awaitOther(joining, "messages")
                        .get("messages")
                        .valueStream()
                        .map(m -> m.get("seq").asLong())
                        .toList())
                .containsExactly(1L, 2L, 3L);

        // The group distribution lost (as after a Redis flush): the gateways write it again from their sessions.
        redis.sync().del("group:nodes:" + group);
        awaitDistribution(group, Map.of("gw-1", 1, "gw-2", 2));
        List.of(staying, leaving, joining).forEach(d -> d.client().close());
        sender.close();
    }

    private static void awaitDistribution(String group, Map<String, Integer> expected) {
        Map<String, String> want = new HashMap<>();
        expected.forEach((k, v) -> want.put(k, v.toString()));
        long deadline = System.nanoTime() + WAIT.toNanos();
        Map<String, String> seen = Map.of();
        while (System.nanoTime() < deadline) {
            seen = redis.sync().hgetall("group:nodes:" + group);
            if (seen.equals(want)) {
                return;
            }
            sleep(100);
        }
        StringBuilder metrics = new StringBuilder();
        for (String node : NODES) {
            String url = cluster.processes().spec(node).managementUrl() + "/actuator/prometheus";
            im.infra.Http.get(url)
                    .body()
                    .lines()
                    .filter(l -> l.startsWith("im_gateway_group") || l.startsWith("im_gateway_sessions"))
                    .forEach(l -> metrics.append(node).append(' ').append(l).append('\n'));
        }
        assertThat(seen)
                .as("the distribution of " + group + "; gateways:\n" + metrics)
                .isEqualTo(want);
    }

    private static void awaitAll(List<Device> devices, int n) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (devices.stream().anyMatch(d -> d.messages().size() < n)) {
            assertThat(System.nanoTime())
                    .as("every device has " + n + " messages; short: "
                            + devices.stream()
                                    .filter(d -> d.messages().size() < n)
                                    .count())
                    .isLessThan(deadline);
            sleep(20);
        }
    }

    private static JsonNode awaitOther(Device d, String type) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            for (JsonNode f : d.other()) {
                if (f.path("type").asString().equals(type)) {
                    d.other().remove(f);
                    return f;
                }
            }
            assertThat(System.nanoTime()).as("a " + type + " frame").isLessThan(deadline);
            sleep(20);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
