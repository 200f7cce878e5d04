package im.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import im.cluster.Member;
import im.cluster.Membership;
import im.cluster.MembershipProperties;
import im.cluster.RingHolder;
import im.cluster.redis.RedisMembership;
import im.contracts.ContractJson;
import im.contracts.presence.SessionInfo;
import im.contracts.presence.UserPresence;
import im.gateway.session.SessionRegistry;
import im.gateway.support.WsTestClient;
import im.infra.Infrastructure;
import im.infra.SharedInfrastructure;
import im.infra.TestTokens;
import im.infra.junit.InfrastructureExtension;
import im.presence.client.PresenceKeys;
import im.presence.client.PresenceReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Real WebSocket clients against a real gateway: authentication, heartbeats, limits, placement. */
@ExtendWith(InfrastructureExtension.class)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"im.gateway.node-id=gw-ws", "im.gateway.connection.idle-timeout=1500ms"})
class WebSocketIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    SessionRegistry sessions;

    @Autowired
    RingHolder ring;

    @Autowired
    MembershipProperties membershipProperties;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    ConnectorHealth connectorHealth;

    private final Infrastructure infra = SharedInfrastructure.get();

    private WsTestClient connect(String token) {
        WsTestClient c = new WsTestClient();
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        c.ws = b.buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws?device=laptop"), c)
                .join();
        return c;
    }

    private String token(String user, Duration ttl) {
        return TestTokens.mint(user, Instant.now(), ttl);
    }

    /** A user this node owns (the ring may hold other test members). */
    private String ownedUser() {
        for (int i = 0; ; i++) {
            String u = "ws-user-" + UUID.randomUUID();
            if (ring.current().ring().nodeFor(u).equals("gw-ws")) {
                return u;
            }
        }
    }

    @Test
    void anAuthenticatedClientIsWelcomedAndHasASessionUntilItCloses() throws Exception {
        String user = ownedUser();
        WsTestClient c = connect(token(user, Duration.ofMinutes(5)));
        JsonNode welcome = c.next();
        assertThat(welcome.get("type").asString()).isEqualTo("welcome");
        assertThat(welcome.get("userId").asString()).isEqualTo(user);
        assertThat(welcome.get("node").asString()).isEqualTo("gw-ws");
        assertThat(sessions.sessionsOf(user)).hasSize(1);
        assertThat(sessions.sessionsOf(user).iterator().next().device()).isEqualTo("laptop");
        c.send("{\"type\":\"ping\",\"ref\":\"r1\"}");
        JsonNode pong = c.next();
        assertThat(pong.get("type").asString()).isEqualTo("pong");
        assertThat(pong.get("ref").asString()).isEqualTo("r1");
        c.ws.sendClose(1000, "bye").join();
        assertThat(c.closeCode()).isEqualTo(1000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!sessions.sessionsOf(user).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(sessions.sessionsOf(user)).isEmpty();
    }

    @Test
    void theLivenessProbeWatchesTheClientPortsAcceptorAndPoller() {
        // Tomcat's own thread names: if they change, the indicator says UNKNOWN and this fails.
        assertThat(connectorHealth.health().getStatus().getCode()).isEqualTo("UP");
        assertThat(connectorHealth.health().getDetails()).containsEntry("threads", 2);
        assertThat(im.infra.Http.get("http://127.0.0.1:" + managementPort + "/actuator/health/liveness")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void eachConnectionsWebSocketBuffersAreTheSmallOnes() throws Exception {
        // Read by Tomcat once, when its WebSocket classes load: proves the setting came first.
        var field = Class.forName("org.apache.tomcat.websocket.Constants").getDeclaredField("DEFAULT_BUFFER_SIZE");
        field.setAccessible(true);
        assertThat(field.getInt(null)).isEqualTo(ConnectionBuffers.SIZE);
    }

    @Test
    void missingForgedAndExpiredTokensAreRefusedWithTheirCloseCodes() throws Exception {
        assertThat(connect(null).closeCode()).isEqualTo(4401);
        String forged =
                TestTokens.mint("another-secret-another-secret-0000", "mallory", Instant.now(), Duration.ofHours(1));
        assertThat(connect(forged).closeCode()).isEqualTo(4401);
        assertThat(connect("not.a.jwt").closeCode()).isEqualTo(4401);
        String expired = TestTokens.mint("late", Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1));
        assertThat(connect(expired).closeCode()).isEqualTo(4402);
    }

    @Test
    void malformedFramesGetAnErrorAndTheConnectionStaysOpen() throws Exception {
        WsTestClient c = connect(token(ownedUser(), Duration.ofMinutes(5)));
        assertThat(c.next().get("type").asString()).isEqualTo("welcome");
        c.send("{not json");
        JsonNode e1 = c.next();
        assertThat(e1.get("type").asString()).isEqualTo("error");
        assertThat(e1.get("code").asString()).isEqualTo("malformed_frame");
        c.send("[1,2,3]");
        assertThat(c.next().get("code").asString()).isEqualTo("malformed_frame");
        c.send("{\"type\":\"teleport\",\"ref\":\"x\"}");
        JsonNode e3 = c.next();
        assertThat(e3.get("code").asString()).isEqualTo("malformed_frame");
        assertThat(e3.get("ref").asString()).isEqualTo("x");
        c.send("{\"type\":\"ping\"}");
        assertThat(c.next().get("type").asString()).isEqualTo("pong");
    }

    @Test
    void anOversizedFrameClosesTheConnectionWith1009() throws Exception {
        WsTestClient c = connect(token(ownedUser(), Duration.ofMinutes(5)));
        assertThat(c.next().get("type").asString()).isEqualTo("welcome");
        c.ws.sendText("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(140_000) + "\"}", true);
        assertThat(c.closeCode()).isEqualTo(1009);
    }

    @Test
    void aSilentClientIsClosedAfterTheIdleTimeout() throws Exception {
        WsTestClient c = connect(token(ownedUser(), Duration.ofMinutes(5)));
        assertThat(c.next().get("type").asString()).isEqualTo("welcome");
        assertThat(c.closed.get(5, TimeUnit.SECONDS)).isEqualTo(4408);
    }

    @Test
    void aSubscriberGetsTheCurrentStatusThenEveryChangePresencePublishes() throws Exception {
        String watched = "watched-" + UUID.randomUUID();
        SessionInfo phone = new SessionInfo("s1", "gw-x", "phone", Instant.now());
        // What presence-service would have written and will publish.
        redis.opsForHash().put(PresenceKeys.user(watched), "s1", ContractJson.write(phone));
        WsTestClient c = connect(token(ownedUser(), Duration.ofMinutes(5)));
        assertThat(c.next().get("type").asString()).isEqualTo("welcome");
        c.send("{\"type\":\"subscribe\",\"ref\":7,\"users\":[\"" + watched + "\"]}");
        JsonNode ack = c.next();
        assertThat(ack.get("type").asString()).isEqualTo("subscribed");
        assertThat(ack.get("ref").asInt()).isEqualTo(7);
        JsonNode now = c.next();
        assertThat(now.get("type").asString()).isEqualTo("presence");
        assertThat(now.get("online").asBoolean()).isTrue();
        assertThat(now.get("devices").get(0).asString()).isEqualTo("phone");
        Instant seen = Instant.now();
        redis.convertAndSend(PresenceReader.STATUS_CHANNEL, ContractJson.write(UserPresence.offline(watched, seen)));
        JsonNode change = c.next();
        assertThat(change.get("userId").asString()).isEqualTo(watched);
        assertThat(change.get("online").asBoolean()).isFalse();
        assertThat(change.get("lastSeen").asString()).isEqualTo(seen.toString());
        c.send("{\"type\":\"unsubscribe\",\"users\":[\"" + watched + "\"]}");
        assertThat(c.next().get("type").asString()).isEqualTo("unsubscribed");
        redis.convertAndSend(PresenceReader.STATUS_CHANNEL, ContractJson.write(UserPresence.offline(watched, seen)));
        c.send("{\"type\":\"subscribe\",\"users\":[]}");
        JsonNode bad = c.next(); // the change after unsubscribing never arrives: the next frame is this error
        assertThat(bad.get("type").asString()).isEqualTo("error");
        assertThat(bad.get("code").asString()).isEqualTo("validation_failed");
    }

    @Test
    void aUserOwnedByAnotherNodeIsRedirectedThere() throws Exception {
        Membership other =
                RedisMembership.connect(infra.redisHost(), infra.redisPort(), membershipProperties, Clock.systemUTC());
        try {
            Instant now = Instant.now();
            other.join(new Member("gw-other", "ws://other.example:9/ws", 1, now, now));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (ring.current().ring().weight("gw-other") == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            String user = null;
            for (int i = 0; user == null; i++) {
                String u = "moved-" + i;
                if (ring.current().ring().nodeFor(u).equals("gw-other")) {
                    user = u;
                }
            }
            WsTestClient c = connect(token(user, Duration.ofMinutes(5)));
            JsonNode redirect = c.next();
            assertThat(redirect.get("type").asString()).isEqualTo("redirect");
            assertThat(redirect.get("node").asString()).isEqualTo("gw-other");
            // The owner's address, with the device the client asked for.
            assertThat(redirect.get("url").asString()).isEqualTo("ws://other.example:9/ws?device=laptop");
            assertThat(c.closeCode()).isEqualTo(4307);
            assertThat(sessions.sessionsOf(user)).isEmpty();
        } finally {
            other.close();
        }
    }
}
