package im.routing.group;

import static org.assertj.core.api.Assertions.assertThat;

import im.infra.Http;
import im.infra.SharedInfrastructure;
import im.infra.junit.InfrastructureExtension;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /admin/groups/{id}/nodes} reads the hash the gateways keep (written here by the test). */
@ExtendWith(InfrastructureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GroupNodesAdminIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalManagementPort
    int port;

    @Autowired
    StringRedisTemplate redis;

    private final String token = SharedInfrastructure.get().adminToken();

    private Http.Response nodes(String groupId) {
        return Http.getAdmin("http://127.0.0.1:" + port + "/admin/groups/" + groupId + "/nodes", token);
    }

    @Test
    void answersTheOnlineMembersPerNodeFromTheRedisHash() {
        UUID group = UUID.randomUUID();
        redis.opsForHash().putAll("group:nodes:" + group, Map.of("gw-2", "3", "gw-1", "40", "gw-3", "0"));
        Http.Response r = nodes(group.toString().toUpperCase());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("groupId").asString()).isEqualTo(group.toString());
        assertThat(body.get("nodes").propertyNames()).containsExactly("gw-1", "gw-2", "gw-3");
        assertThat(body.get("nodes").get("gw-1").asLong()).isEqualTo(40);
        assertThat(body.get("nodes").get("gw-2").asLong()).isEqualTo(3);
        assertThat(body.get("total").asLong()).isEqualTo(43);
        // None of these test nodes is registered: both with a count above 0 are stale.
        assertThat(body.get("notOnRing").valueStream().map(JsonNode::asString).toList())
                .containsExactly("gw-1", "gw-2");
    }

    @Test
    void aGroupWithNobodyOnlineHasNoNodesAndABadIdIsAValidationError() {
        JsonNode empty = JSON.readTree(nodes(UUID.randomUUID().toString()).body());
        assertThat(empty.get("nodes").isEmpty()).isTrue();
        assertThat(empty.get("total").asLong()).isZero();
        Http.Response bad = nodes("not-a-uuid");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("code").asString()).isEqualTo("validation_failed");
    }
}
