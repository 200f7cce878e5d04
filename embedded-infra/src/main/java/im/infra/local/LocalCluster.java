package im.infra.local;

import im.infra.Http;
import im.infra.Infrastructure;
import im.infra.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code ./im up}: the whole cluster on this machine. Starts the embedded infrastructure, two
 * gateways and the routing, presence and group services, waits until every one is ready, prints
 * where each listens, and runs until Ctrl-C, which stops every process it started and removes the
 * infrastructure's data. With {@code --exit-when-ready} it stops as soon as all are ready (a smoke
 * test).
 */
public final class LocalCluster {

    static final int READY_TIMEOUT_SECONDS = 120;
    /** A fresh token key per run: tokens minted by one local cluster are worthless to any other. */
    static final String LOCAL_SECRET = java.util.UUID.randomUUID() + "-" + java.util.UUID.randomUUID();

    private final Path root;
    private final List<ServiceProcess> services = new ArrayList<>();
    private Infrastructure infra;

    private LocalCluster(Path root) {
        this.root = root;
    }

    static List<ServiceSpec> specs() {
        return List.of(
                gateway("gw-1", 8081),
                gateway("gw-2", 8082),
                new ServiceSpec("routing", "routing-service", 8090, Map.of()),
                new ServiceSpec("presence", "presence-service", 8091, Map.of()),
                new ServiceSpec("group", "group-service", 8092, Map.of()));
    }

    private static ServiceSpec gateway(String node, int port) {
        return new ServiceSpec(
                node,
                "gateway-service",
                port,
                Map.of(
                        "IM_GATEWAY_NODE_ID",
                        node,
                        "IM_GATEWAY_ADVERTISED_URL",
                        "ws://127.0.0.1:" + port + "/ws",
                        "IM_GATEWAY_AUTH_SECRET",
                        LOCAL_SECRET,
                        // The local profile turns on GET /dev/token for test users.
                        "SPRING_PROFILES_ACTIVE",
                        "local"));
    }

    public static void main(String[] args) throws Exception {
        boolean exitWhenReady = List.of(args).contains("--exit-when-ready");
        Path root = Path.of(System.getProperty("im.root", ".")).toAbsolutePath().normalize();
        LocalCluster cluster = new LocalCluster(root);
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "im-up-shutdown"));
        int code = cluster.run();
        if (code != 0 || exitWhenReady) {
            System.exit(code); // the shutdown hook stops everything
        }
        Thread.currentThread().join(); // until Ctrl-C
    }

    private int run() throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        for (ServiceSpec s : specs()) {
            if (Ports.listening(s.port())) {
                System.err.printf("port %d (for %s) is in use; stop what holds it and retry%n", s.port(), s.name());
                return 2;
            }
        }
        Path logs = Files.createDirectories(root.resolve(".im/logs"));
        System.out.println("starting infrastructure (Kafka, Redis, PostgreSQL, etcd) ...");
        infra = Infrastructure.start();
        System.out.printf("infrastructure ready in %.1f s%n", seconds(t0));
        Map<String, ClassDataSharing.Prepared> prepared = prepareArchives();
        System.out.printf("class-data-sharing archives ready at %.1f s%n", seconds(t0));
        for (ServiceSpec s : specs()) {
            ServiceProcess p = new ServiceProcess(s, logs);
            p.start(prepared.get(s.module()), infra.environment());
            services.add(p);
        }
        System.out.println("starting services "
                + services.stream().map(p -> p.spec().name()).toList() + " ...");
        List<ServiceProcess> waiting = new ArrayList<>(services);
        long deadline = System.nanoTime() + READY_TIMEOUT_SECONDS * 1_000_000_000L;
        while (!waiting.isEmpty()) {
            for (ServiceProcess p : List.copyOf(waiting)) {
                if (!p.alive()) {
                    System.err.printf(
                            "%s exited during start; last lines of %s:%n%s%n",
                            p.spec().name(), p.log(), p.tail(40));
                    return 1;
                }
                if (p.ready()) {
                    waiting.remove(p);
                    System.out.printf("  %-9s ready after %5.1f s%n", p.spec().name(), seconds(t0));
                }
            }
            if (System.nanoTime() > deadline) {
                System.err.println("not ready within " + READY_TIMEOUT_SECONDS + " s: "
                        + waiting.stream().map(p -> p.spec().name()).toList() + "; logs in " + logs);
                return 1;
            }
            Thread.sleep(250);
        }
        // Gateways register in Redis; routing builds its ring from that. Check the wiring end to end.
        while (!ringHasAllGateways()) {
            if (System.nanoTime() > deadline) {
                System.err.println("routing's ring never listed every gateway: "
                        + Http.get("http://127.0.0.1:8090/admin/ring").body());
                return 1;
            }
            Thread.sleep(100);
        }
        printSummary(logs, seconds(t0));
        return 0;
    }

    /** One archive per module, made in parallel (only after the module's jar changed). */
    private Map<String, ClassDataSharing.Prepared> prepareArchives() throws IOException {
        ClassDataSharing cds = new ClassDataSharing(root, ServiceProcess.JVM_OPTIONS);
        Map<String, String> trainingEnv = new java.util.HashMap<>(infra.environment());
        // Training runs start the real application once: keep them off the real ring.
        trainingEnv.put("IM_MEMBERSHIP_REDIS_KEY", "IMSERVER-cds-training");
        trainingEnv.put("IM_GATEWAY_NODE_ID", "cds-training");
        trainingEnv.put("IM_GATEWAY_AUTH_SECRET", LOCAL_SECRET);
        Map<String, Path> jars = new java.util.LinkedHashMap<>();
        for (ServiceSpec s : specs()) {
            jars.putIfAbsent(s.module(), jar(s.module()));
        }
        Map<String, ClassDataSharing.Prepared> out = new java.util.concurrent.ConcurrentHashMap<>();
        jars.entrySet().parallelStream()
                .forEach(e -> out.put(e.getKey(), cds.prepare(e.getKey(), e.getValue(), trainingEnv)));
        return out;
    }

    private static boolean ringHasAllGateways() {
        String ring = Http.get("http://127.0.0.1:8090/admin/ring").body();
        return specs().stream()
                .filter(s -> s.module().equals("gateway-service"))
                .allMatch(s -> ring.contains("\"id\":\"" + s.name() + "\""));
    }

    private void printSummary(Path logs, double elapsed) {
        System.out.printf("%nall services ready, both gateways on routing's ring, in %.1f s%n%n", elapsed);
        System.out.printf("%-9s %-8s %-24s %s%n", "service", "pid", "http", "extra");
        for (ServiceProcess p : services) {
            String extra = p.spec().module().equals("gateway-service")
                    ? "ws " + p.spec().env().get("IM_GATEWAY_ADVERTISED_URL") + ", tokens " + p.baseUrl()
                            + "/dev/token?user=alice"
                    : p.spec().module().equals("routing-service") ? "admin /admin/ring, OpenAPI /v3/api-docs" : "";
            System.out.printf("%-9s %-8d %-24s %s%n", p.spec().name(), p.pid(), p.baseUrl(), extra);
        }
        System.out.printf("%nkafka     %s%n", infra.kafkaBootstrapServers());
        System.out.printf("redis     %s:%d%n", infra.redisHost(), infra.redisPort());
        System.out.printf("postgres  %s%n", infra.jdbcUrl());
        System.out.printf("etcd      %s%n", infra.etcdEndpoint());
        System.out.printf("logs      %s%n", logs);
        System.out.printf("metrics   <service>/actuator/prometheus; health /actuator/health%n%n");
        System.out.println("Ctrl-C stops everything.");
    }

    private synchronized void stop() {
        if (services.isEmpty() && infra == null) {
            return;
        }
        System.out.println("stopping services ...");
        // Services first, in parallel (each drains gracefully), then the infrastructure they use.
        services.parallelStream().forEach(p -> p.stop(20));
        services.clear();
        if (infra != null) {
            infra.close();
            infra = null;
        }
        System.out.println("stopped; no process left running");
    }

    private Path jar(String module) throws IOException {
        Path target = root.resolve(module).resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().matches(module + "-[^-]+(-SNAPSHOT)?\\.jar"))
                    .findFirst()
                    .orElseThrow(
                            () -> new IOException("no Boot jar in " + target + "; run ./mvnw -DskipTests package"));
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
