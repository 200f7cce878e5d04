package im.infra.local;

import java.util.Map;

/**
 * One service process of the local cluster.
 *
 * @param name how it is shown and its log file is named
 * @param module the Maven module whose Boot jar runs
 * @param port HTTP port (API, WebSocket and actuator)
 * @param env extra environment on top of the infrastructure's
 */
record ServiceSpec(String name, String module, int port, Map<String, String> env) {}
