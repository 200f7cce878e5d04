package im.infra.local;

import im.infra.Infrastructure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code .im/cluster.json}: every process the launcher started, with its PID and URLs, so that a load
 * tool in another JVM can measure each one's CPU and memory and find every endpoint.
 */
final class ClusterManifest {

    private ClusterManifest() {}

    static String json(
            ProcessCluster services,
            Infrastructure infra,
            UpOptions options,
            Path adminTokenFile,
            Path tokenSecretFile) {
        List<String> procs = new ArrayList<>();
        for (ServiceSpec s : services.running()) {
            boolean gw = s.module().equals("gateway-service");
            procs.add(obj(
                    "name",
                    s.name(),
                    "kind",
                    "service",
                    "module",
                    s.module(),
                    "pid",
                    services.pid(s.name()),
                    "http",
                    s.baseUrl(),
                    "management",
                    s.managementUrl(),
                    "ws",
                    gw ? s.env().get("IM_GATEWAY_ADVERTISED_URL") : null,
                    "prometheus",
                    s.managementUrl() + "/actuator/prometheus",
                    "withChildren",
                    false,
                    "note",
                    null));
        }
        boolean kafkaHere = false;
        for (Infrastructure.ProcessInfo p : infra.processes()) {
            kafkaHere |= p.pid() == ProcessHandle.current().pid();
            procs.add(obj(
                    "name",
                    p.name(),
                    "kind",
                    "infrastructure",
                    "module",
                    null,
                    "pid",
                    p.pid(),
                    "address",
                    p.address(),
                    "http",
                    null,
                    "ws",
                    null,
                    "prometheus",
                    null,
                    "withChildren",
                    p.withChildren(),
                    "note",
                    p.note()));
        }
        if (!kafkaHere) { // with Kafka inside it, the launcher's CPU is already listed as kafka's
            procs.add(obj(
                    "name",
                    "launcher",
                    "kind",
                    "launcher",
                    "module",
                    null,
                    "pid",
                    ProcessHandle.current().pid(),
                    "http",
                    null,
                    "ws",
                    null,
                    "prometheus",
                    null,
                    "withChildren",
                    false,
                    "note",
                    null));
        }
        return "{\n  "
                + String.join(
                        ",\n  ",
                        List.of(
                                field(
                                        "kafka",
                                        options.kafkaBrokers() == 0
                                                ? "in-launcher"
                                                : options.kafkaBrokers() + " process(es)"),
                                field("durable", options.durable()),
                                field("measuring", options.measuring()),
                                field("adminTokenFile", adminTokenFile.toString()),
                                field("tokenSecretFile", tokenSecretFile == null ? null : tokenSecretFile.toString()),
                                "\"processes\": [\n    " + String.join(",\n    ", procs) + "\n  ]"))
                + "\n}\n";
    }

    static void write(Path file, String json) throws IOException {
        Files.writeString(file, json);
    }

    private static String obj(Object... kv) {
        List<String> f = new ArrayList<>();
        for (int i = 0; i < kv.length; i += 2) {
            f.add(field((String) kv[i], kv[i + 1]));
        }
        return "{" + String.join(", ", f) + "}";
    }

    private static String field(String k, Object v) {
        return quote(k) + ": " + (v == null ? "null" : v instanceof String s ? quote(s) : v.toString());
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
