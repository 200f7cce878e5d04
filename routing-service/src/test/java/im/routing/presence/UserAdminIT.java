package im.routing.presence;

import static org.assertj.core.api.Assertions.assertThat;

import im.cluster.Member;
import im.cluster.Membership;
import im.cluster.MembershipProperties;
import im.cluster.RingHolder;
import im.cluster.redis.RedisMembership;
import im.contracts.ContractJson;
import im.contracts.presence.SessionInfo;
import im.infra.Http;
import im.infra.Infrastructure;
import im.infra.SharedInfrastructure;
import im.infra.junit.InfrastructureExtension;
import im.presence.client.PresenceKeys;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /admin/users/{id}}: the ring's placement and presence's live record, side by side. */
@ExtendWith(InfrastructureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UserAdminIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalManagementPort
    int port;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    RingHolder ring;

    @Autowired
    MembershipProperties membershipProperties;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcTemplate jdbc;

    private final Infrastructure infra = SharedInfrastructure.get();

    @BeforeEach
    void presenceTables() {
        // Last seen comes from presence's table when Redis has nothing; presence-service is not running
        // here, so its own migration creates it (as PipelineIT does).
        Flyway.configure()
                .dataSource(dataSource)
                .schemas("presence")
                .locations("classpath:db/presence")
                .load()
                .migrate();
    }

    private JsonNode user(String id) {
        Http.Response r = Http.getAdmin("http://127.0.0.1:" + port + "/admin/users/" + id, infra.adminToken());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void showsTheOwnerAndTheLiveSessionsWithTheirNodesAndDevices() throws Exception {
        Membership gateway =
                RedisMembership.connect(infra.redisHost(), infra.redisPort(), membershipProperties, Clock.systemUTC());
        try {
            Instant now = Instant.now();
            gateway.join(new Member("gw-where", "ws://127.0.0.1:1/ws", 1, now, now));
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (ring.current().ring().weight("gw-where") == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            String u = "where-" + UUID.randomUUID();
            String owner = ring.current().ring().nodeFor(u);
            Instant since = now.truncatedTo(ChronoUnit.MILLIS);
            // What presence-service writes for a user with two devices on two nodes (a move in progress).
            redis.opsForHash()
                    .put(PresenceKeys.user(u), "s1", ContractJson.write(new SessionInfo("s1", owner, "phone", since)));
            redis.opsForHash()
                    .put(
                            PresenceKeys.user(u),
                            "s2",
                            ContractJson.write(new SessionInfo("s2", "gw-old", "laptop", since)));

            JsonNode where = user(u);
            assertThat(where.get("userId").asString()).isEqualTo(u);
            assertThat(where.get("owner").asString()).isEqualTo(owner);
            assertThat(where.get("owners").get(0).asString()).isEqualTo(owner);
            assertThat(where.get("online").asBoolean()).isTrue();
            assertThat(where.get("sessions")).hasSize(2);
            assertThat(where.get("sessions").get(0).get("node").asString()).isEqualTo(owner);
            assertThat(where.get("sessions").get(0).get("device").asString()).isEqualTo("phone");
            assertThat(Instant.parse(where.get("sessions").get(0).get("since").asString()))
                    .isEqualTo(since);
            assertThat(where.get("nodes").valueStream().map(JsonNode::asString).toList())
                    .containsExactlyInAnyOrder(owner, "gw-old");
            assertThat(where.get("onOwner").asBoolean()).isFalse();
            assertThat(where.get("cachedHere").asBoolean()).isFalse();

            redis.opsForHash().delete(PresenceKeys.user(u), "s2");
            assertThat(user(u).get("onOwner").asBoolean()).isTrue();
        } finally {
            gateway.close();
        }
    }

    @Test
    void anOfflineUserHasNoSessionsAndTheLastSeenTime() {
        String u = "gone-" + UUID.randomUUID();
        Instant seen = Instant.parse("2026-01-02T03:04:05Z");
        redis.opsForHash().put(PresenceKeys.user(u), PresenceKeys.LAST_SEEN_FIELD, seen.toString());
        JsonNode where = user(u);
        assertThat(where.get("online").asBoolean()).isFalse();
        assertThat(where.get("sessions")).isEmpty();
        assertThat(where.get("onOwner").asBoolean()).isFalse();
        assertThat(Instant.parse(where.get("lastSeen").asString())).isEqualTo(seen);
        JsonNode never = user("never-" + UUID.randomUUID());
        assertThat(never.get("online").asBoolean()).isFalse();
        assertThat(never.get("lastSeen").isNull()).isTrue();
        // Not in Redis at all (e.g. after a Redis restart): the database has the last time.
        String old = "old-" + UUID.randomUUID();
        jdbc.update(
                "insert into presence.user_presence (user_id, online, last_seen) values (?, false, ?)",
                old,
                Timestamp.from(seen));
        assertThat(Instant.parse(user(old).get("lastSeen").asString())).isEqualTo(seen);
    }
}
