package im.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import im.cluster.Member;
import im.cluster.Membership;
import im.cluster.MembershipProperties;
import im.cluster.RingHolder;
import im.cluster.redis.RedisMembership;
import im.gateway.support.WsTestClient;
import im.infra.Http;
import im.infra.Infrastructure;
import im.infra.SharedInfrastructure;
import im.infra.TestTokens;
import im.infra.junit.InfrastructureExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's admin endpoints against a real gateway with real WebSocket clients: the session list,
 * kicks (close 4410), errors counted by code, Kafka client metrics, and (last, it ends the node's
 * service) the operator's drain. The node has a membership of its own (another Redis key), so every user
 * is placed on it until the test adds a second node.
 */
@ExtendWith(InfrastructureExtension.class)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "im.gateway.node-id=gw-admin",
            "im.membership.redis-key=IMSERVER-admin-it",
            "im.gateway.connection.drain-period=400ms"
        })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS) // drained: of no use to another test
class GatewayAdminIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    RingHolder ring;

    @Autowired
    MembershipProperties membershipProperties;

    private final Infrastructure infra = SharedInfrastructure.get();

    private WsTestClient connect(String user, String device) {
        WsTestClient c = new WsTestClient();
        String token = TestTokens.mint(user, Instant.now(), Duration.ofMinutes(5));
        c.ws = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws?device=" + device), c)
                .join();
        return c;
    }

    private WsTestClient welcomed(String user, String device) throws Exception {
        WsTestClient c = connect(user, device);
        assertThat(c.next().get("type").asString()).isEqualTo("welcome");
        return c;
    }

    private Http.Response admin(String method, String path) {
        return Http.withToken(method, "http://127.0.0.1:" + managementPort + path, infra.adminToken());
    }

    private JsonNode adminOk(String method, String path, int status) {
        Http.Response r = admin(method, path);
        assertThat(r.status()).as(method + " " + path + " -> " + r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    /** The value of the first Prometheus series matching {@code series} (a regex over name and labels), or 0. */
    private double metric(String series) {
        String text = Http.get("http://127.0.0.1:" + managementPort + "/actuator/prometheus")
                .body();
        Matcher m = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static String errors(String code) {
        return "im_errors_total\\{code=\"" + code + "\",node=\"gw-admin\",service=\"gateway\",transport=\"websocket\"}";
    }

    private static void await(Duration max, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within " + max).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    @Order(1)
    void sessionsListsEachSessionWithUserDeviceAndSince() throws Exception {
        String u = "listed-" + UUID.randomUUID();
        Instant before = Instant.now().minusSeconds(1);
        WsTestClient phone = welcomed(u, "phone");
        WsTestClient laptop = welcomed(u, "laptop");
        JsonNode mine = adminOk("GET", "/admin/sessions?user=" + u, 200);
        assertThat(mine.get("node").asString()).isEqualTo("gw-admin");
        assertThat(mine.get("draining").asBoolean()).isFalse();
        assertThat(mine.get("total").asInt()).isEqualTo(2);
        assertThat(mine.get("truncated").asBoolean()).isFalse();
        assertThat(mine.get("sessions").valueStream().map(s -> s.get("device").asString()))
                .containsExactly("phone", "laptop");
        for (JsonNode s : mine.get("sessions")) {
            assertThat(s.get("userId").asString()).isEqualTo(u);
            assertThat(s.get("sessionId").asString()).isNotBlank();
            assertThat(Instant.parse(s.get("since").asString())).isBetween(before, Instant.now());
        }
        JsonNode all = adminOk("GET", "/admin/sessions", 200);
        assertThat(all.get("total").asInt()).isGreaterThanOrEqualTo(2);
        JsonNode one = adminOk("GET", "/admin/sessions?user=" + u + "&limit=1", 200);
        assertThat(one.get("sessions")).hasSize(1);
        assertThat(one.get("truncated").asBoolean()).isTrue();
        assertThat(adminOk("GET", "/admin/sessions?limit=0", 400).get("code").asString())
                .isEqualTo("validation_failed");
        phone.ws.sendClose(1000, "bye").join();
        laptop.ws.sendClose(1000, "bye").join();
    }

    @Test
    @Order(2)
    void kickingADeviceThenTheUserClosesThoseSessionsWith4410() throws Exception {
        String u = "kicked-" + UUID.randomUUID();
        double kicksBefore = metric(errors("kicked"));
        WsTestClient phone = welcomed(u, "phone");
        WsTestClient laptop = welcomed(u, "laptop");

        JsonNode kick = adminOk("DELETE", "/admin/users/" + u + "/devices/laptop", 200);
        assertThat(kick.get("closed").asInt()).isEqualTo(1);
        assertThat(kick.get("device").asString()).isEqualTo("laptop");
        assertThat(laptop.closeCode()).isEqualTo(4410);
        phone.ws.sendText("{\"type\":\"ping\",\"ref\":\"still-here\"}", true).join();
        assertThat(phone.next().get("ref").asString()).isEqualTo("still-here");

        assertThat(adminOk("DELETE", "/admin/users/" + u, 200).get("closed").asInt())
                .isEqualTo(1);
        assertThat(phone.closeCode()).isEqualTo(4410);
        await(
                Duration.ofSeconds(2),
                () -> adminOk("GET", "/admin/sessions?user=" + u, 200)
                                .get("total")
                                .asInt()
                        == 0);
        JsonNode none = adminOk("DELETE", "/admin/users/" + u, 404);
        assertThat(none.get("code").asString()).isEqualTo("not_found");
        assertThat(metric(errors("kicked"))).isEqualTo(kicksBefore + 2);
    }

    @Test
    @Order(3)
    void everyRefusedFrameCountsInImErrorsTotalByCode() throws Exception {
        double malformed = metric(errors("malformed_frame"));
        double invalid = metric(errors("validation_failed"));
        WsTestClient c = welcomed("counted-" + UUID.randomUUID(), "phone");
        c.ws.sendText("{not json", true).join();
        assertThat(c.next().get("code").asString()).isEqualTo("malformed_frame");
        c.ws.sendText("{\"type\":\"subscribe\",\"users\":[]}", true).join();
        assertThat(c.next().get("code").asString()).isEqualTo("validation_failed");
        assertThat(metric(errors("malformed_frame"))).isEqualTo(malformed + 1);
        assertThat(metric(errors("validation_failed"))).isEqualTo(invalid + 1);
        // A refused token at the handshake is counted too, as is every REST problem answer.
        double refused = metric(errors("unauthenticated"));
        WsTestClient anonymous = new WsTestClient();
        anonymous.ws = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), anonymous)
                .join();
        assertThat(anonymous.closeCode()).isEqualTo(4401);
        assertThat(metric(errors("unauthenticated"))).isEqualTo(refused + 1);
        c.ws.sendClose(1000, "bye").join();
    }

    @Test
    @Order(4)
    void kafkaClientMetricsIncludingTheNodeQueueConsumersLagAreExported() throws Exception {
        // Boot binds every client of its consumer and producer factories (KafkaMetricsAutoConfiguration).
        // The node-queue consumer's group is gateway-<node>; its client id carries that name.
        Pattern lag = Pattern.compile(
                "(?m)^kafka_consumer_fetch_manager_records_lag_max\\{client_id=\"[^\"]*gateway-gw-admin[^\"]*\"[^}]*} \\S+$");
        await(Duration.ofSeconds(30), () -> lag.matcher(prometheus()).find());
        System.out.println("[gateway] kafka lag series: "
                + prometheus()
                        .lines()
                        .filter(l -> l.startsWith("kafka_consumer_fetch_manager_records_lag"))
                        .toList());
    }

    private String prometheus() {
        return Http.get("http://127.0.0.1:" + managementPort + "/actuator/prometheus")
                .body();
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void drainLeavesTheRingMovesEveryConnectionAwayAndRefusesNewOnes() throws Exception {
        Membership other =
                RedisMembership.connect(infra.redisHost(), infra.redisPort(), membershipProperties, Clock.systemUTC());
        try {
            Instant now = Instant.now();
            other.join(new Member("gw-next", "ws://127.0.0.1:9/ws", 1, now, now));
            await(Duration.ofSeconds(3), () -> ring.current().ring().weight("gw-next") > 0);
            String a = null;
            String b = null;
            for (int i = 0; a == null || b == null; i++) {
                String u = "drained-" + i + "-" + UUID.randomUUID();
                if (ring.current().ring().nodeFor(u).equals("gw-admin")) {
                    if (a == null) {
                        a = u;
                    } else {
                        b = u;
                    }
                }
            }
            WsTestClient ca = welcomed(a, "phone");
            WsTestClient cb = welcomed(b, "phone");
            assertThat(adminOk("GET", "/admin/drain", 200).get("draining").asBoolean())
                    .isFalse();

            JsonNode started = adminOk("POST", "/admin/drain", 202);
            assertThat(started.get("node").asString()).isEqualTo("gw-admin");
            assertThat(started.get("draining").asBoolean()).isTrue();
            assertThat(started.get("drainPeriod").asString()).isEqualTo("PT0.4S");

            for (WsTestClient c : new WsTestClient[] {ca, cb}) {
                JsonNode redirect = c.next();
                assertThat(redirect.get("type").asString()).isEqualTo("redirect");
                assertThat(redirect.get("node").asString()).isEqualTo("gw-next");
                assertThat(redirect.get("url").asString()).isEqualTo("ws://127.0.0.1:9/ws?device=phone");
                assertThat(c.closeCode()).isEqualTo(4307);
            }
            assertThat(ring.current().ring().weight("gw-admin")).isZero();
            assertThat(other.members()).doesNotContainKey("gw-admin");
            assertThat(connect("late-" + UUID.randomUUID(), "phone").closeCode())
                    .isEqualTo(1012);
            assertThat(Http.get("http://127.0.0.1:" + managementPort + "/actuator/health/readiness")
                            .status())
                    .isEqualTo(503);
            await(
                    Duration.ofSeconds(2),
                    () -> adminOk("GET", "/admin/drain", 200).get("connections").asInt() == 0);
            JsonNode again = adminOk("POST", "/admin/drain", 202);
            assertThat(again.get("draining").asBoolean()).isTrue();
            assertThat(adminOk("GET", "/admin/sessions", 200).get("draining").asBoolean())
                    .isTrue();
            // Still out of the ring a few heartbeats later: nothing registers the node again.
            Thread.sleep(membershipProperties.heartbeat().toMillis() * 3);
            assertThat(other.members()).doesNotContainKey("gw-admin");
            System.out.println("[gateway] kafka lag series after the drain: "
                    + prometheus()
                            .lines()
                            .filter(l -> l.startsWith("kafka_consumer_fetch_manager_records_lag"))
                            .toList());
        } finally {
            other.close();
        }
    }
}
