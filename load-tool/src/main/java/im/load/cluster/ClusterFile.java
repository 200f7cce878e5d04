package im.load.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code .im/cluster.json}, written by the local launcher: every process it started with its PID and
 * URLs, and where the admin token and (in measuring mode) the token secret are.
 */
public record ClusterFile(
        String kafka, boolean durable, String adminTokenFile, String tokenSecretFile, List<Proc> processes) {

    /**
     * One process.
     *
     * @param kind {@code service}, {@code infrastructure} or {@code launcher}
     * @param module a service's Maven module ({@code gateway-service}, ...)
     * @param withChildren its CPU includes its child processes (PostgreSQL's backends)
     */
    public record Proc(
            String name,
            String kind,
            String module,
            long pid,
            String http,
            String ws,
            String prometheus,
            boolean withChildren,
            String note) {

        public boolean gateway() {
            return "gateway-service".equals(module);
        }

        public boolean service() {
            return "service".equals(kind);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public static ClusterFile read(Path file) {
        try {
            return JSON.readValue(Files.readString(file), ClusterFile.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public List<Proc> gateways() {
        return processes.stream().filter(Proc::gateway).toList();
    }

    public Optional<Proc> process(String name) {
        return processes.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The first service of {@code module}. */
    public Optional<Proc> service(String module) {
        return processes.stream().filter(p -> module.equals(p.module())).findFirst();
    }
}
