package im.routing.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import im.cluster.Member;
import im.cluster.Membership;
import im.cluster.MembershipProperties;
import im.cluster.redis.RedisMembership;
import im.infra.Http;
import im.infra.Infrastructure;
import im.infra.SharedInfrastructure;
import im.infra.junit.InfrastructureExtension;
import im.ring.Ring;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The admin view follows real gateway registrations in Redis: joins, leaves and crashes, live. */
@ExtendWith(InfrastructureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RingAdminIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> NODES =
            IntStream.range(0, 10).mapToObj(i -> "gw-" + i).toList();

    private final String admin = SharedInfrastructure.get().adminToken();

    @LocalManagementPort
    int port;

    @Autowired
    MembershipProperties membershipProperties;

    private final Map<String, Membership> gateways = new LinkedHashMap<>();

    @BeforeEach
    void registerTenGateways(Infrastructure infra) {
        for (String id : NODES) {
            Membership m = RedisMembership.connect(
                    infra.redisHost(), infra.redisPort(), membershipProperties, Clock.systemUTC());
            Instant now = Instant.now();
            m.join(new Member(id, "ws://127.0.0.1/" + id, id.equals("gw-9") ? 2 : 1, now, now));
            gateways.put(id, m);
        }
        awaitRing(Duration.ofSeconds(2), ids -> ids.equals(Set.copyOf(NODES)));
    }

    @AfterEach
    void stopGateways() {
        gateways.values().forEach(Membership::close);
        awaitRing(Duration.ofSeconds(2), Set::isEmpty);
    }

    @Test
    void ringShowsEveryNodeWithWeightPointsAndShare() {
        JsonNode ring = get("/admin/ring");
        assertThat(ring.get("epoch").asLong()).isPositive();
        assertThat(ring.get("signature").asString()).matches("[0-9a-f]{16}");
        assertThat(ring.get("virtualNodes").asInt()).isEqualTo(Ring.DEFAULT_VIRTUAL_NODES);
        double total = 0;
        for (JsonNode n : ring.get("nodes")) {
            int weight = n.get("id").asString().equals("gw-9") ? 2 : 1;
            assertThat(n.get("weight").asInt()).isEqualTo(weight);
            assertThat(n.get("virtualPoints").asInt()).isEqualTo(weight * Ring.DEFAULT_VIRTUAL_NODES);
            total += n.get("share").asDouble();
        }
        assertThat(total).isCloseTo(1.0, Offset.offset(1e-9));
    }

    @Test
    void membersListsEveryRegisteredGatewayWithItsAddressAndWeight() {
        JsonNode members = get("/admin/members");
        assertThat(members.valueStream().map(m -> m.get("id").asString()).toList())
                .isEqualTo(NODES.stream().sorted().toList());
        for (JsonNode m : members) {
            String id = m.get("id").asString();
            assertThat(m.get("address").asString()).isEqualTo("ws://127.0.0.1/" + id);
            assertThat(m.get("weight").asInt()).isEqualTo(id.equals("gw-9") ? 2 : 1);
            assertThat(Instant.parse(m.get("updatedAt").asString()))
                    .isAfterOrEqualTo(Instant.parse(m.get("startedAt").asString()));
        }
    }

    @Test
    void routeGivesTheOwnerAndTheNextTwoAsTheRingComputesThem() {
        Map<String, Integer> members = new LinkedHashMap<>();
        NODES.forEach(n -> members.put(n, n.equals("gw-9") ? 2 : 1));
        Ring expected = Ring.of(members, Ring.DEFAULT_VIRTUAL_NODES);
        for (String user : List.of("alice", "user-42", "用户-7")) {
            JsonNode route = get("/admin/route/" + URLEncoder.encode(user, StandardCharsets.UTF_8));
            assertThat(route.get("userId").asString()).isEqualTo(user);
            assertThat(route.get("owner").asString()).isEqualTo(expected.nodeFor(user));
            assertThat(route.get("owners").valueStream().map(JsonNode::asString).toList())
                    .isEqualTo(expected.owners(user, 3));
            assertThat(route.get("signature").asString()).isEqualTo(expected.signature());
        }
    }

    @Test
    void aGracefulLeaveAndACrashBothLeaveTheRingLive() {
        long epoch = get("/admin/ring").get("epoch").asLong();
        gateways.get("gw-9").close();
        long leaveMs = awaitRing(Duration.ofSeconds(1), ids -> !ids.contains("gw-9"));
        gateways.get("gw-8").abandon(); // crash: no deregistration
        long crashMs = awaitRing(Duration.ofSeconds(5), ids -> !ids.contains("gw-8"));
        System.out.printf("[routing] /admin/ring: leave seen in %d ms, crash in %d ms%n", leaveMs, crashMs);
        assertThat(crashMs).isLessThanOrEqualTo(3_000);
        assertThat(get("/admin/ring").get("epoch").asLong()).isEqualTo(epoch + 2);
        String metrics =
                Http.get("http://127.0.0.1:" + port + "/actuator/prometheus").body();
        assertThat(metrics).containsPattern("im_ring_nodes\\{[^}]*} 8\\.0");
        assertThat(metrics).contains("im_membership_detection_seconds_count");
    }

    @Test
    void anEmptyRingAnswersUnavailableWithTheCatalogueCode() {
        gateways.values().forEach(Membership::close);
        awaitRing(Duration.ofSeconds(2), Set::isEmpty);
        Http.Response r = Http.getAdmin("http://127.0.0.1:" + port + "/admin/route/alice", admin);
        assertThat(r.status()).isEqualTo(503);
        assertThat(JSON.readTree(r.body()).get("code").asString()).isEqualTo("unavailable");
    }

    private long awaitRing(Duration max, Predicate<Set<String>> condition) {
        long t0 = System.nanoTime();
        while (true) {
            Set<String> ids = get("/admin/ring")
                    .get("nodes")
                    .valueStream()
                    .map(n -> n.get("id").asString())
                    .collect(Collectors.toSet());
            if (condition.test(ids)) {
                return (System.nanoTime() - t0) / 1_000_000;
            }
            if (System.nanoTime() - t0 > max.toNanos()) {
                fail("ring " + ids + " did not reach the expected state within " + max);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    private JsonNode get(String path) {
        Http.Response r = Http.getAdmin("http://127.0.0.1:" + port + path, admin);
        assertThat(r.status()).as(path + " -> " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
