package im.webapp;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The web pages' settings ({@code im.webapp.*}). The first five are what the chat page is told (they are
 * addresses browsers reach); the rest are where the console's server side finds the services'
 * management ports (addresses inside the cluster, never shown to a browser).
 *
 * @param gateways the gateways' WebSocket URLs the chat page connects to first (any one will do: the
 *     client follows {@code redirect} to the user's node)
 * @param groupApi base URL of group-service's client API as browsers reach it (CORS is open there)
 * @param presenceApi base URL of presence-service's client API as browsers reach it
 * @param devTokens URL of a gateway's {@code /dev/token} (local profile only) so the page can sign in
 *     test users; empty in every real deployment, where the page asks for a token instead
 * @param grafana the Grafana dashboard the console links to; empty for none
 * @param routingManagement routing-service's management base URL (ring, members, user lookup)
 * @param gatewayManagement a gateway's management base URL by node id ({@code node=url} entries); a node
 *     not listed is reached through {@code gatewayManagementTemplate}
 * @param gatewayManagementTemplate the management base URL of any gateway, {@code {node}} replaced by its
 *     id (on Kubernetes {@code http://{node}.gateway-headless:9080}); empty when every node is listed
 * @param serviceManagement other services' management base URLs whose metrics the console shows
 *     ({@code name=url} entries: presence, group)
 */
@ConfigurationProperties("im.webapp")
public record WebProperties(
        @DefaultValue("ws://127.0.0.1:8081/ws") List<String> gateways,
        @DefaultValue("http://127.0.0.1:8092") String groupApi,
        @DefaultValue("http://127.0.0.1:8091") String presenceApi,
        @DefaultValue("") String devTokens,
        @DefaultValue("") String grafana,
        @DefaultValue("http://127.0.0.1:9090") String routingManagement,
        @DefaultValue("") List<String> gatewayManagement,
        @DefaultValue("") String gatewayManagementTemplate,
        @DefaultValue("") List<String> serviceManagement) {

    public WebProperties {
        gateways = List.copyOf(gateways);
        gatewayManagement = List.copyOf(gatewayManagement);
        serviceManagement = List.copyOf(serviceManagement);
        entries("im.webapp.gateway-management", gatewayManagement);
        entries("im.webapp.service-management", serviceManagement);
        if (!gatewayManagementTemplate.isEmpty() && !gatewayManagementTemplate.contains("{node}")) {
            throw new IllegalArgumentException("im.webapp.gateway-management-template must contain {node}");
        }
    }

    /** The {@code name=url} entries of {@code gatewayManagement} as a map, in the order given. */
    public Map<String, String> gatewayManagementByNode() {
        return entries("im.webapp.gateway-management", gatewayManagement);
    }

    /** The {@code name=url} entries of {@code serviceManagement} as a map, in the order given. */
    public Map<String, String> serviceManagementByName() {
        return entries("im.webapp.service-management", serviceManagement);
    }

    private static Map<String, String> entries(String setting, List<String> list) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String entry : list) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(setting + ": '" + entry + "' is not name=url");
            }
            String url = entry.substring(eq + 1).trim();
            URI.create(url); // fails at start on a malformed URL, not at the first console request
            out.put(entry.substring(0, eq).trim(), url);
        }
        return out;
    }
}
