package im.system.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.client.Accepted;
import im.client.ImClient;
import im.client.Message;
import im.protocol.ConversationId;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

/**
 * Steady one-to-one traffic from the reference client around a disruption, and the no-loss check
 * after it: user pairs placed on given gateways, each user writing to its partner every 100 ms.
 * {@link #verify()} asserts that every message whose sender saw {@code accepted} reached both sides
 * exactly once, in order, in a gap-free conversation, and that the store gave no number twice.
 */
public final class PairTraffic implements AutoCloseable {

    /** One user: its client and every message its conversation delivered to it, in delivery order. */
    public record User(String id, String partner, ImClient client, List<Message> timeline) {}

    private final TestCluster cluster;
    private final List<User> users = new ArrayList<>();
    private final List<CompletableFuture<Accepted>> sends = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Long> connectedAt = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong longestAcceptance = new AtomicLong();
    private Thread traffic;

    /** {@code pairs} pairs, the two users of a pair on consecutive entries of {@code nodes}. */
    public PairTraffic(TestCluster cluster, String prefix, int pairs, List<String> nodes) {
        this.cluster = cluster;
        List<URI> gateways = cluster.gateways().stream()
                .map(g -> URI.create(cluster.wsUrl(g)))
                .toList();
        for (int i = 0; i < pairs; i++) {
            String a = cluster.userOn(nodes.get(i % nodes.size()), prefix + "a" + i);
            String b = cluster.userOn(nodes.get((i + 1) % nodes.size()), prefix + "b" + i);
            users.add(user(a, b, gateways));
            users.add(user(b, a, gateways));
        }
    }

    private User user(String id, String partner, List<URI> gateways) {
        List<Message> timeline = Collections.synchronizedList(new ArrayList<>());
        ImClient client = ImClient.builder()
                .gateways(gateways)
                .token(() -> cluster.token(id))
                .device("phone")
                .onMessage(timeline::add)
                .onConnected(node -> connectedAt.put(id, System.nanoTime()))
                .build()
                .start();
        return new User(id, partner, client, timeline);
    }

    public List<User> users() {
        return users;
    }

    /** When {@code user} last connected ({@link System#nanoTime()}), 0 if never. */
    public long connectedAt(String user) {
        return connectedAt.getOrDefault(user, 0L);
    }

    public void awaitConnected() {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> users.stream().allMatch(u -> u.client().isConnected()));
    }

    /** Every user sends to its partner every 100 ms until {@link #stopTraffic()}. */
    public void startTraffic() {
        traffic = new Thread(
                () -> {
                    for (int round = 0; running.get(); round++) {
                        for (User u : users) {
                            long sentAt = System.nanoTime();
                            sends.add(u.client()
                                    .send(u.partner(), u.id() + " #" + round)
                                    .whenComplete((a, e) ->
                                            longestAcceptance.accumulateAndGet(System.nanoTime() - sentAt, Math::max)));
                        }
                        try {
                            Thread.sleep(100);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "pair-traffic");
        traffic.start();
    }

    public void stopTraffic() throws InterruptedException {
        running.set(false);
        traffic.join();
    }

    /** The longest time from a send to its {@code accepted}, in ms, over the traffic so far. */
    public long longestAcceptanceMillis() {
        return TimeUnit.NANOSECONDS.toMillis(longestAcceptance.get());
    }

    /** Asserts the promise; returns the number of accepted messages. */
    public int verify() throws Exception {
        List<Accepted> accepted = new ArrayList<>();
        for (CompletableFuture<Accepted> f : List.copyOf(sends)) {
            accepted.add(f.get(60, TimeUnit.SECONDS)); // the client resends what a dead node swallowed
        }
        Map<String, List<Long>> acceptedSeqs = new HashMap<>();
        accepted.forEach(a -> acceptedSeqs
                .computeIfAbsent(a.conversation(), k -> new ArrayList<>())
                .add(a.seq()));
        users.forEach(u -> u.client().syncNow());
        for (User u : users) {
            String conv = ConversationId.direct(u.id(), u.partner());
            List<Long> numbers = acceptedSeqs.get(conv);
            // Only this pair writes to the conversation: its accepted messages hold every number from 1
            // on, each once. A number given twice, or a message stored twice, would break this.
            assertThat(numbers)
                    .as("accepted numbers of " + conv)
                    .doesNotHaveDuplicates()
                    .hasSize((int) (long) numbers.stream().max(Long::compare).orElseThrow());
            long last = numbers.size();
            try {
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> u.timeline().size() >= last);
            } catch (org.awaitility.core.ConditionTimeoutException notAll) {
                // The assertion below names the numbers that are missing, which a timeout cannot.
            }
            List<Message> seen;
            synchronized (u.timeline()) {
                seen = List.copyOf(u.timeline());
            }
            // Both sides' messages, 1..last, in order, each once: nothing accepted was lost.
            assertThat(seen.stream().map(Message::seq).toList())
                    .as(u.id())
                    .containsExactlyElementsOf(
                            LongStream.rangeClosed(1, last).boxed().toList());
            assertThat(seen.stream().map(m -> m.from() + "/" + m.clientMsgId()).toList())
                    .as("each message of " + u.id() + "'s conversation stored once")
                    .doesNotHaveDuplicates();
        }
        return accepted.size();
    }

    @Override
    public void close() {
        running.set(false);
        users.forEach(u -> u.client().close());
    }
}
