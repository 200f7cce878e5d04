package im.system.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import im.infra.Http;
import im.infra.SharedInfrastructure;
import im.protocol.ConversationId;
import im.system.support.TestClient;
import im.system.support.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One-to-one messaging end to end: two gateway processes, routing and presence processes, real
 * Kafka, Redis and PostgreSQL, real WebSocket clients.
 */
class MessagingIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static TestCluster cluster;

    @BeforeAll
    static void startCluster() {
        // A burst of 1,000 per connection passes; beyond it, 50 per second.
        cluster = TestCluster.start(
                SharedInfrastructure.get(),
                2,
                Map.of("IM_GATEWAY_CONNECTION_SEND_BURST", "1000", "IM_GATEWAY_CONNECTION_SEND_RATE", "50"),
                "messaging");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** What one client saw: its sends' answers and the messages pushed to it, in arrival order. */
    private record Seen(Map<String, JsonNode> accepted, List<JsonNode> messages, List<JsonNode> errors) {}

    private static Seen collect(TestClient c, int accepted, int messages) {
        Seen seen = new Seen(new HashMap<>(), new ArrayList<>(), new ArrayList<>());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (seen.accepted().size() < accepted || seen.messages().size() < messages) {
            assertThat(System.nanoTime())
                    .as("all frames within 60 s; seen " + seen.accepted().size() + " accepted, "
                            + seen.messages().size() + " messages, errors " + seen.errors())
                    .isLessThan(deadline);
            TestClient.Received r = c.poll(Duration.ofMillis(200));
            if (r == null) {
                continue;
            }
            JsonNode f = r.frame();
            switch (f.path("type").asString()) {
                case "accepted" -> seen.accepted().put(f.get("clientMsgId").asString(), f);
                case "message" -> seen.messages().add(f);
                case "error" -> seen.errors().add(f);
                default -> {}
            }
        }
        // Anything arriving after the expected count is a duplicate: give it a moment to show up.
        c.drain(Duration.ofMillis(500)).forEach(f -> {
            if (f.path("type").asString().equals("message")) {
                seen.messages().add(f);
            }
        });
        return seen;
    }

    private static List<Long> seqs(List<JsonNode> frames) {
        return frames.stream().map(f -> f.get("seq").asLong()).toList();
    }

    private static CompletableFuture<Void> sendAll(TestClient c, String to, String prefix, int n) {
        return CompletableFuture.runAsync(() -> {
            for (int i = 0; i < n; i++) {
                c.send("send", "to", to, "clientMsgId", prefix + i, "body", prefix + " says " + i);
            }
        });
    }

    @Test
    void usersOnTwoNodesExchangeAThousandMessagesEachWayOncePerDeviceInGapFreeOrder() {
        String a = cluster.userOn("gw-1", "alice");
        String b = cluster.userOn("gw-2", "bob");
        try (TestClient alice = cluster.connect(a, "phone");
                TestClient bob = cluster.connect(b, "phone");
                TestClient bobLaptop = cluster.connect(b, "laptop")) {
            CompletableFuture.allOf(sendAll(alice, b, "a-", 1000), sendAll(bob, a, "b-", 1000))
                    .join();

            Seen atAlice = collect(alice, 1000, 1000);
            Seen atBob = collect(bob, 1000, 1000);
            Seen atLaptop = collect(bobLaptop, 0, 2000);

            for (var side : List.of(List.of(atAlice, "a-", "b-"), List.of(atBob, "b-", "a-"))) {
                Seen s = (Seen) side.get(0);
                String mine = (String) side.get(1);
                String theirs = (String) side.get(2);
                assertThat(s.errors()).isEmpty();
                // My messages were numbered in the order I sent them.
                List<Long> mySeqs = LongStream.range(0, 1000)
                        .mapToObj(i -> s.accepted().get(mine + i).get("seq").asLong())
                        .toList();
                assertThat(mySeqs).isSorted().doesNotHaveDuplicates();
                // Theirs arrived once each, in their order, with increasing sequence numbers.
                assertThat(s.messages()).hasSize(1000);
                assertThat(s.messages().stream().map(f -> f.get("clientMsgId").asString()))
                        .containsExactlyElementsOf(LongStream.range(0, 1000)
                                .mapToObj(i -> theirs + i)
                                .toList());
                assertThat(seqs(s.messages())).isSorted().doesNotHaveDuplicates();
                // Together: the conversation's numbers 1..2000, no gap, none twice.
                Set<Long> all = new HashSet<>(mySeqs);
                all.addAll(seqs(s.messages()));
                assertThat(all)
                        .hasSize(2000)
                        .containsExactlyInAnyOrderElementsOf(
                                LongStream.rangeClosed(1, 2000).boxed().toList());
            }
            // Bob's second device gets both sides, each message once, in sequence order.
            assertThat(seqs(atLaptop.messages()))
                    .containsExactlyElementsOf(
                            LongStream.rangeClosed(1, 2000).boxed().toList());
            assertThat(atLaptop.messages().get(0).get("conv").asString()).isEqualTo(ConversationId.direct(a, b));
        }
    }

    @Test
    void anOfflineRecipientGetsEverythingBySyncInOrderAndItsAckMovesTheCursor() {
        String a = cluster.userOn("gw-1", "amy");
        String b = cluster.userOn("gw-2", "ben");
        String conv = ConversationId.direct(a, b);
        try (TestClient amy = cluster.connect(a, "phone")) {
            sendAll(amy, b, "m-", 50).join();
            assertThat(collect(amy, 50, 0).errors()).isEmpty();
        }
        try (TestClient ben = cluster.connect(b, "tablet")) {
            ben.send("sync", "ref", 1);
            JsonNode state = ben.awaitType("sync_state", WAIT);
            JsonNode entry = state.get("conversations")
                    .valueStream()
                    .filter(e -> e.get("conv").asString().equals(conv))
                    .findFirst()
                    .orElseThrow();
            assertThat(entry.get("lastSeq").asLong()).isEqualTo(50);
            assertThat(entry.get("delivered").asLong()).isZero();
            List<JsonNode> got = new ArrayList<>();
            long after = 0;
            boolean more = true;
            while (more) {
                ben.send("sync", "conv", conv, "after", after, "limit", 20);
                JsonNode page = ben.awaitType("messages", WAIT);
                page.get("messages").valueStream().forEach(got::add);
                more = page.get("more").asBoolean();
                after = got.get(got.size() - 1).get("seq").asLong();
                assertThat(page.get("lastSeq").asLong()).isEqualTo(50);
            }
            assertThat(seqs(got))
                    .containsExactlyElementsOf(
                            LongStream.rangeClosed(1, 50).boxed().toList());
            assertThat(got.stream().map(m -> m.get("body").asString()))
                    .containsExactlyElementsOf(LongStream.range(0, 50)
                            .mapToObj(i -> "m- says " + i)
                            .toList());
            ben.send("ack", "conv", conv, "seq", 50);
        }
        // Receipts are recorded asynchronously: the next login's sync state drops the conversation soon.
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try (TestClient ben = cluster.connect(b, "tablet")) {
                ben.send("sync");
                JsonNode state = ben.awaitType("sync_state", WAIT);
                if (state.get("conversations").isEmpty()) {
                    break;
                }
                assertThat(System.nanoTime())
                        .as("cursor moved within 30 s: " + state)
                        .isLessThan(deadline);
            }
            sleep(200);
        }
    }

    @Test
    void aBlockedSenderGetsTheBlockedErrorAndNothingIsStoredOrDelivered() {
        String a = cluster.userOn("gw-1", "ann");
        String b = cluster.userOn("gw-2", "bea");
        String conv = ConversationId.direct(a, b);
        assertThat(Http.withToken("PUT", cluster.presenceUrl() + "/me/blocks/" + a, cluster.token(b))
                        .status())
                .isEqualTo(200);
        try (TestClient ann = cluster.connect(a, "phone");
                TestClient bea = cluster.connect(b, "phone")) {
            ann.send("send", "to", b, "clientMsgId", "blocked-1", "body", "hello?");
            JsonNode error = ann.awaitType("error", WAIT);
            assertThat(error.get("code").asString()).isEqualTo("blocked");
            assertThat(error.get("clientMsgId").asString()).isEqualTo("blocked-1");
            assertThat(bea.drain(Duration.ofSeconds(1)))
                    .noneMatch(f -> f.path("type").asString().equals("message"));
            assertThat(lastSeq(conv)).isZero();

            assertThat(Http.withToken("DELETE", cluster.presenceUrl() + "/me/blocks/" + a, cluster.token(b))
                            .status())
                    .isEqualTo(200);
            ann.send("send", "to", b, "clientMsgId", "after-unblock", "body", "hi");
            assertThat(ann.awaitType("accepted", WAIT).get("seq").asLong()).isEqualTo(1);
            assertThat(bea.awaitType("message", WAIT).get("body").asString()).isEqualTo("hi");
        }
    }

    @Test
    void aResentClientMessageIdIsStoredAndDeliveredOnce() {
        String a = cluster.userOn("gw-1", "ari");
        String b = cluster.userOn("gw-2", "bo");
        String conv = ConversationId.direct(a, b);
        try (TestClient ari = cluster.connect(a, "phone");
                TestClient bo = cluster.connect(b, "phone")) {
            ari.send("send", "to", b, "clientMsgId", "dup-1", "body", "once");
            JsonNode first = ari.awaitType("accepted", WAIT);
            ari.send("send", "to", b, "clientMsgId", "dup-1", "body", "once");
            JsonNode second = ari.awaitType("accepted", WAIT);
            assertThat(second.get("id")).isEqualTo(first.get("id"));
            assertThat(second.get("seq").asLong())
                    .isEqualTo(first.get("seq").asLong())
                    .isEqualTo(1);

            bo.awaitType("message", WAIT);
            assertThat(bo.drain(Duration.ofSeconds(1)))
                    .noneMatch(f -> f.path("type").asString().equals("message"));
            assertThat(lastSeq(conv)).isEqualTo(1);
        }
    }

    @Test
    void badSendFramesAreAnsweredWithErrorsAndTheConnectionStaysUsable() {
        String a = cluster.userOn("gw-1", "al");
        try (TestClient al = cluster.connect(a, "phone")) {
            al.send("send", "to", "bo", "body", "no client id", "ref", 7);
            JsonNode e = al.awaitType("error", WAIT);
            assertThat(e.get("code").asString()).isEqualTo("validation_failed");
            assertThat(e.get("ref").asInt()).isEqualTo(7);
            al.send("send", "to", "not:valid", "clientMsgId", "x", "body", "?");
            assertThat(al.awaitType("error", WAIT).get("code").asString()).isEqualTo("validation_failed");
            al.send("sync", "conv", ConversationId.direct("someone", "else"));
            assertThat(al.awaitType("error", WAIT).get("code").asString()).isEqualTo("forbidden");
            al.send("ping", "ref", 8);
            assertThat(al.awaitType("pong", WAIT).get("ref").asInt()).isEqualTo(8);
        }
    }

    @Test
    void aConnectionSendingPastItsLimitGetsRateLimitedForTheExcessAndNothingElseIsLost() {
        String a = cluster.userOn("gw-1", "fast");
        String b = cluster.userOn("gw-2", "slow");
        try (TestClient fast = cluster.connect(a, "phone")) {
            sendAll(fast, b, "f-", 1200).join();
            Map<String, JsonNode> accepted = new HashMap<>();
            Set<String> limited = new HashSet<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (accepted.size() + limited.size() < 1200) {
                assertThat(System.nanoTime()).as("an answer to every send").isLessThan(deadline);
                TestClient.Received r = fast.poll(Duration.ofMillis(200));
                if (r == null) {
                    continue;
                }
                JsonNode f = r.frame();
                if (f.path("type").asString().equals("accepted")) {
                    accepted.put(f.get("clientMsgId").asString(), f);
                } else if (f.path("type").asString().equals("error")) {
                    assertThat(f.get("code").asString()).isEqualTo("rate_limited");
                    limited.add(f.get("clientMsgId").asString());
                }
            }
            assertThat(limited).isNotEmpty();
            assertThat(accepted.keySet()).doesNotContainAnyElementsOf(limited);
            // What was accepted is stored, numbered 1..n without gaps.
            assertThat(lastSeq(ConversationId.direct(a, b))).isEqualTo(accepted.size());
        }
    }

    private static long lastSeq(String conv) {
        return JSON.readTree(Http.withToken(
                                "GET",
                                cluster.routingUrl() + "/internal/conversations/" + conv + "/messages",
                                cluster.internalToken())
                        .body())
                .get("lastSeq")
                .asLong();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
