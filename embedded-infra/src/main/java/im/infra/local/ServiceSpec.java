package im.infra.local;

import java.util.Map;

/**
 * One service process of a local cluster.
 *
 * @param name how it is shown and its log file is named
 * @param module the Maven module whose Boot jar runs
 * @param port HTTP port (API, WebSocket and actuator)
 * @param env extra environment on top of the infrastructure's
 */
public record ServiceSpec(String name, String module, int port, Map<String, String> env) {

    /** A gateway named {@code node} on {@code port}, signing tokens with {@code secret}. */
    public static ServiceSpec gateway(String node, int port, String secret, Map<String, String> extra) {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "IM_GATEWAY_NODE_ID",
                node,
                "IM_GATEWAY_ADVERTISED_URL",
                "ws://127.0.0.1:" + port + "/ws",
                "IM_GATEWAY_AUTH_SECRET",
                secret));
        env.putAll(extra);
        return new ServiceSpec(node, "gateway-service", port, Map.copyOf(env));
    }

    /** This service's base URL. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }
}
