package im.infra.local;

import java.util.Map;

/**
 * One service process of a local cluster.
 *
 * @param name how it is shown and its log file is named
 * @param module the Maven module whose Boot jar runs
 * @param port the client-facing HTTP port (its API, the gateway's WebSocket)
 * @param managementPort the management port: Actuator, {@code /admin/**}, {@code /internal/**}
 * @param env extra environment on top of the infrastructure's
 */
public record ServiceSpec(String name, String module, int port, int managementPort, Map<String, String> env) {

    /** A service whose management port is its port + 1000 (the local cluster's layout: 8090 → 9090). */
    public ServiceSpec(String name, String module, int port, Map<String, String> env) {
        this(name, module, port, port + 1000, env);
    }

    /** A gateway named {@code node} on {@code port} and {@code managementPort}. */
    public static ServiceSpec gateway(String node, int port, int managementPort, Map<String, String> extra) {
        Map<String, String> env = new java.util.HashMap<>(
                Map.of("IM_GATEWAY_NODE_ID", node, "IM_GATEWAY_ADVERTISED_URL", "ws://127.0.0.1:" + port + "/ws"));
        env.putAll(extra);
        return new ServiceSpec(node, "gateway-service", port, managementPort, Map.copyOf(env));
    }

    /** A gateway on {@code port}, its management port + 1000. */
    public static ServiceSpec gateway(String node, int port, Map<String, String> extra) {
        return gateway(node, port, port + 1000, extra);
    }

    /** Whether it serves clients and so checks user tokens (it gets the key that signs them). */
    public boolean checksUserTokens() {
        return !module.equals("routing-service") && !module.equals("web-service");
    }

    /** This service's client-facing base URL. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** This service's management base URL (Actuator, admin and internal APIs). */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }
}
