package im.webapp.console;

import im.protocol.ErrorCode;
import im.protocol.ImException;
import im.protocol.UserIds;
import im.web.management.ManagementApi;
import im.webapp.WebProperties;
import im.webapp.console.ClusterClient.Answer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console's API ({@code /admin/cluster/**}, management port, admin token): one overview of the
 * cluster for the console page, and the operator actions it offers, each a call to the admin API of
 * routing or of one gateway ({@code docs/admin.md}). Answers of those services are passed on as they came
 * (their problems included), so the console shows what the admin API says.
 */
@ManagementApi
@RequestMapping("/admin/cluster")
class ConsoleController {

    private final ClusterClient client;
    private final WebProperties properties;
    private final JsonMapper json;

    ConsoleController(ClusterClient client, WebProperties properties, JsonMapper json) {
        this.client = client;
        this.properties = properties;
        this.json = json;
    }

    /** The ring, the membership, every gateway's drain state and figures, and every service's figures. */
    @GetMapping
    Map<String, Object> overview() {
        String routing = properties.routingManagement();
        JsonNode ring = body(client.get(routing, "/admin/ring"));
        JsonNode members = body(client.get(routing, "/admin/members"));
        Map<String, String> addresses = new LinkedHashMap<>();
        members.forEach(
                m -> addresses.put(m.get("id").asString(), m.get("address").asString()));
        Set<String> nodes = new LinkedHashSet<>(addresses.keySet());
        nodes.addAll(properties.gatewayManagementByNode().keySet()); // a drained node is still worth showing
        List<Map<String, Object>> gateways = new ArrayList<>();
        for (String node : nodes) {
            gateways.add(gateway(node, addresses.get(node)));
        }
        Map<String, Object> services = new LinkedHashMap<>();
        services.put("routing", ServiceFigures.routing(client, routing));
        properties
                .serviceManagementByName()
                .forEach((name, url) -> services.put(name, ServiceFigures.any(client, url)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ring", ring);
        out.put("gateways", gateways);
        out.put("services", services);
        out.put("grafana", properties.grafana().isEmpty() ? null : properties.grafana());
        return out;
    }

    private Map<String, Object> gateway(String node, String address) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("node", node);
        g.put("address", address);
        g.put("member", address != null);
        String base = managementUrl(node);
        try {
            Answer drain = client.get(base, "/admin/drain");
            g.put("drain", drain.ok() ? json.readTree(drain.body()) : null);
            g.put("figures", ServiceFigures.gateway(client, base));
            g.put("up", drain.ok());
        } catch (ImException e) {
            g.put("up", false);
            g.put("error", e.getMessage());
        }
        return g;
    }

    @GetMapping("/users/{userId}")
    ResponseEntity<String> user(@PathVariable String userId) {
        UserIds.check(userId);
        return passOn(client.get(properties.routingManagement(), "/admin/users/" + userId));
    }

    @GetMapping("/groups/{groupId}/nodes")
    ResponseEntity<String> group(@PathVariable String groupId) {
        return passOn(client.get(properties.routingManagement(), "/admin/groups/" + uuid(groupId) + "/nodes"));
    }

    @GetMapping("/nodes/{node}/sessions")
    ResponseEntity<String> sessions(@PathVariable String node, @RequestParam(required = false) String user) {
        String query = "?limit=200";
        if (user != null) {
            UserIds.check(user);
            query += "&user=" + user;
        }
        return passOn(client.get(managementUrl(known(node)), "/admin/sessions" + query));
    }

    @PostMapping("/nodes/{node}/drain")
    ResponseEntity<String> drain(@PathVariable String node) {
        return passOn(client.call(managementUrl(known(node)), "/admin/drain", "POST"));
    }

    @DeleteMapping("/nodes/{node}/users/{userId}")
    ResponseEntity<String> kick(@PathVariable String node, @PathVariable String userId) {
        UserIds.check(userId);
        return passOn(client.call(managementUrl(known(node)), "/admin/users/" + userId, "DELETE"));
    }

    /**
     * {@code node} if it is a gateway the console knows: listed in the settings or in routing's
     * membership. Only those are called, so a request cannot point this service at an address of its
     * choosing.
     */
    private String known(String node) {
        if (properties.gatewayManagementByNode().containsKey(node)) {
            return node;
        }
        JsonNode members = body(client.get(properties.routingManagement(), "/admin/members"));
        for (JsonNode m : members) {
            if (m.get("id").asString().equals(node)) {
                return node;
            }
        }
        throw new ImException(ErrorCode.NOT_FOUND, "no gateway '" + node + "' is known");
    }

    private String managementUrl(String node) {
        String listed = properties.gatewayManagementByNode().get(node);
        if (listed != null) {
            return listed;
        }
        if (properties.gatewayManagementTemplate().isEmpty()) {
            throw new ImException(ErrorCode.NOT_FOUND, "no management address is configured for '" + node + "'");
        }
        return properties.gatewayManagementTemplate().replace("{node}", node);
    }

    private JsonNode body(Answer answer) {
        if (!answer.ok()) {
            throw new ImException(ErrorCode.UNAVAILABLE, "routing-service answered " + answer.status());
        }
        return json.readTree(answer.body());
    }

    private static ResponseEntity<String> passOn(Answer answer) {
        return ResponseEntity.status(answer.status())
                .contentType(MediaType.parseMediaType(answer.contentType()))
                .body(answer.body());
    }

    private static String uuid(String groupId) {
        try {
            return java.util.UUID.fromString(groupId).toString();
        } catch (IllegalArgumentException e) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "'groupId' must be a UUID");
        }
    }
}
