package im.group.member;

import static org.assertj.core.api.Assertions.assertThat;

import im.contracts.group.GroupMemberEvent;
import im.group.member.GroupHttp.Answer;
import im.infra.TestTokens;
import im.infra.junit.InfrastructureExtension;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The group REST API against real PostgreSQL: roles, limits, paging, concurrent changes. */
@ExtendWith(InfrastructureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "im.group.max-members=10")
class GroupApiIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @org.springframework.beans.factory.annotation.Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    private Answer call(String method, String path, String actor, String body) {
        return GroupHttp.call(port, method, path, actor == null ? null : TestTokens.mint(actor), body);
    }

    private String newGroup(String owner) {
        Answer a = call("POST", "/groups", owner, "{\"name\":\"team\"}");
        assertThat(a.status()).isEqualTo(201);
        return a.body().get("id").asString();
    }

    private String user(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void theCreatorOwnsTheGroupAndRolesDecideWhoMayAddAndRemove() {
        String owner = user("olga");
        String admin = user("adam");
        String member = user("mia");
        String other = user("otto");
        String g = newGroup(owner);

        assertThat(call("PUT", "/groups/" + g + "/members/" + admin + "?role=ADMIN", owner, null)
                        .status())
                .isEqualTo(200);
        assertThat(call("PUT", "/groups/" + g + "/members/" + member, admin, null)
                        .status())
                .isEqualTo(200);
        // An admin may not make admins, a member may not add anyone, an outsider may do nothing.
        Answer refused = call("PUT", "/groups/" + g + "/members/" + other + "?role=ADMIN", admin, null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().get("code").asString()).isEqualTo("forbidden");
        assertThat(call("PUT", "/groups/" + g + "/members/" + other, member, null)
                        .status())
                .isEqualTo(403);
        assertThat(call("PUT", "/groups/" + g + "/members/" + other, other, null)
                        .status())
                .isEqualTo(403);
        // An admin may not remove the owner or another admin; the owner may not leave.
        assertThat(call("DELETE", "/groups/" + g + "/members/" + owner, admin, null)
                        .status())
                .isEqualTo(403);
        assertThat(call("DELETE", "/groups/" + g + "/members/" + owner, owner, null)
                        .status())
                .isEqualTo(403);
        // A member may leave; the admin may remove members.
        assertThat(call("DELETE", "/groups/" + g + "/members/" + member, member, null)
                        .status())
                .isEqualTo(204);

        JsonNode group = call("GET", "/groups/" + g, owner, null).body();
        assertThat(group.get("memberCount").asInt()).isEqualTo(2);
        assertThat(group.get("owner").asString()).isEqualTo(owner);
        assertThat(call("GET", "/me/groups", admin, null)
                        .body()
                        .get(0)
                        .get("role")
                        .asString())
                .isEqualTo("ADMIN");
    }

    @Test
    void membersArePagedInUserIdOrder() {
        String owner = "a-owner-" + UUID.randomUUID().toString().substring(0, 6);
        String g = newGroup(owner);
        IntStream.range(0, 7).forEach(i -> call("PUT", "/groups/" + g + "/members/m" + i, owner, null));

        JsonNode first =
                call("GET", "/groups/" + g + "/members?limit=5", owner, null).body();
        String last = first.get(4).get("userId").asString();
        JsonNode second = call("GET", "/groups/" + g + "/members?limit=5&afterUser=" + last, owner, null)
                .body();

        List<String> ids = new java.util.ArrayList<>();
        first.forEach(m -> ids.add(m.get("userId").asString()));
        second.forEach(m -> ids.add(m.get("userId").asString()));
        assertThat(ids).hasSize(8).isSorted().doesNotHaveDuplicates().contains(owner, "m0", "m6");
    }

    @Test
    void concurrentAddsNeverPassTheMemberLimit() {
        String owner = user("max");
        String g = newGroup(owner);
        List<CompletableFuture<Integer>> adds = IntStream.range(0, 30)
                .mapToObj(i ->
                        CompletableFuture.supplyAsync(() -> call("PUT", "/groups/" + g + "/members/u" + i, owner, null)
                                .status()))
                .toList();
        List<Integer> statuses = adds.stream().map(CompletableFuture::join).toList();

        assertThat(statuses.stream().filter(s -> s == 200)).hasSize(9); // 10 including the owner
        assertThat(statuses).allMatch(s -> s == 200 || s == 400);
        assertThat(call("GET", "/groups/" + g, owner, null)
                        .body()
                        .get("memberCount")
                        .asInt())
                .isEqualTo(10);
        assertThat(call("GET", "/groups/" + g + "/members?limit=100", owner, null)
                        .body())
                .hasSize(10);
    }

    @Test
    void everyAddAndRemoveIsPublishedInVersionOrderWhileRoleChangesAndRefusedBatchesAreNot() {
        String owner = user("vera");
        String g = newGroup(owner);
        assertThat(call("PUT", "/groups/" + g + "/members/ann", owner, null).status())
                .isEqualTo(200);
        assertThat(call("PUT", "/groups/" + g + "/members/ann?role=ADMIN", owner, null)
                        .status())
                .isEqualTo(200);
        Answer batch = call("POST", "/groups/" + g + "/members", owner, "{\"users\":[\"bob\",\"cid\",\"ann\"]}");
        assertThat(batch.body().get("added").asInt()).isEqualTo(2);
        String tooMany = IntStream.range(0, 20)
                .mapToObj(i -> "\"x" + i + "\"")
                .collect(java.util.stream.Collectors.joining(",", "{\"users\":[", "]}"));
        assertThat(call("POST", "/groups/" + g + "/members", owner, tooMany).status())
                .isEqualTo(400);
        assertThat(call("DELETE", "/groups/" + g + "/members/bob", owner, null).status())
                .isEqualTo(204);

        assertThat(events(g, 5))
                .containsExactly(owner + " ADDED 1", "ann ADDED 2", "bob ADDED 3", "cid ADDED 4", "bob REMOVED 5");
        JsonNode annsGroups = call("GET", "/me/groups", "ann", null).body();
        assertThat(annsGroups.get(0).get("groupVersion").asLong()).isEqualTo(5);
        assertThat(call("GET", "/groups/" + g, owner, null)
                        .body()
                        .get("version")
                        .asLong())
                .isEqualTo(5);
    }

    /** The membership events of group {@code g}, in partition order, once {@code n} arrived (and a moment more). */
    private List<String> events(String g, int n) {
        java.util.Properties p = new java.util.Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        p.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        List<String> out = new java.util.ArrayList<>();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(p)) {
            var parts = consumer.partitionsFor(GroupMemberEvent.TOPIC).stream()
                    .map(i -> new org.apache.kafka.common.TopicPartition(i.topic(), i.partition()))
                    .toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (var r : consumer.poll(java.time.Duration.ofMillis(200))) {
                    if (g.equals(r.key())) {
                        JsonNode e = JSON.readTree(r.value());
                        out.add(e.get("userId").asString() + " "
                                + e.get("change").asString() + " "
                                + e.get("version").asLong());
                    }
                }
                if (out.size() >= n && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + 1_000_000_000L; // anything extra would show now
                }
            }
        }
        return out;
    }

    @Test
    void badRequestsGetCataloguedErrors() {
        // A group that does not exist looks like one the caller is not in: nothing about it is revealed.
        Answer unknown = call("GET", "/groups/" + UUID.randomUUID(), user("u"), null);
        assertThat(unknown.status()).isEqualTo(403);
        assertThat(unknown.body().get("code").asString()).isEqualTo("forbidden");
        assertThat(call("POST", "/groups", "not:valid", "{\"name\":\"x\"}").status())
                .isEqualTo(401);
        assertThat(call("POST", "/groups", user("u"), "{\"name\":\"\"}")
                        .body()
                        .get("code")
                        .asString())
                .isEqualTo("validation_failed");
        Answer noActor = call("POST", "/groups", null, "{\"name\":\"x\"}");
        assertThat(noActor.status()).isEqualTo(401);
        assertThat(noActor.body().get("code").asString()).isEqualTo("unauthenticated");
        Answer notUuid = call("GET", "/groups/not-a-uuid", user("u"), null);
        assertThat(notUuid.body().get("code").asString()).isEqualTo("validation_failed");
        assertThat(notUuid.body().get("detail").asString()).isEqualTo("'groupId' must be a UUID");
        assertThat(call("POST", "/groups", user("u"), "{not json")
                        .body()
                        .get("code")
                        .asString())
                .isEqualTo("malformed_frame");
        Answer nul = call("POST", "/groups", user("u"), "{\"name\":\"a\\u0000b\"}");
        assertThat(nul.status()).isEqualTo(400);
        assertThat(nul.body().get("code").asString()).isEqualTo("validation_failed");
    }
}
