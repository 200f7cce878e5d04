package im.routing.ring;

import static org.assertj.core.api.Assertions.assertThat;

import im.common.ring.Ring;
import im.infra.Http;
import im.infra.InfrastructureExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@ExtendWith(InfrastructureExtension.class)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "im.routing.members=gw-0,gw-1,gw-2,gw-3,gw-4,gw-5,gw-6,gw-7,gw-8,gw-9:2")
class RingAdminIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> NODES =
            IntStream.range(0, 10).mapToObj(i -> "gw-" + i).toList();

    @LocalServerPort
    int port;

    @Test
    void ringShowsEveryNodeWithWeightPointsAndShare() {
        JsonNode ring = get("/admin/ring");
        assertThat(ring.get("epoch").asLong()).isEqualTo(1);
        assertThat(ring.get("signature").asString()).matches("[0-9a-f]{16}");
        assertThat(ring.get("virtualNodes").asInt()).isEqualTo(Ring.DEFAULT_VIRTUAL_NODES);
        assertThat(ring.get("nodes").valueStream().map(n -> n.get("id").asString()))
                .containsExactlyInAnyOrderElementsOf(NODES);
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
    void openApiDocumentsTheAdminEndpoints() {
        JsonNode api = get("/v3/api-docs");
        assertThat(api.get("paths").has("/admin/ring")).isTrue();
        assertThat(api.get("paths").has("/admin/route/{userId}")).isTrue();
    }

    @Test
    void ringMetricsAreExported() {
        String metrics =
                Http.get("http://127.0.0.1:" + port + "/actuator/prometheus").body();
        assertThat(metrics).contains("im_ring_epoch").contains("im_ring_signature");
        assertThat(metrics).containsPattern("im_ring_nodes\\{[^}]*} 10\\.0");
    }

    private JsonNode get(String path) {
        Http.Response r = Http.get("http://127.0.0.1:" + port + path);
        assertThat(r.status()).as(path + " -> " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
