package im.infra.local;

import im.infra.Infrastructure;
import im.infra.InfrastructureStartException;
import im.infra.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code ./im up}: the whole cluster on this machine. Starts the embedded infrastructure, two
 * gateways and the routing, presence and group services, waits until every one is ready, prints
 * where each listens, and runs until Ctrl-C, which stops every process it started and removes the
 * infrastructure's data. With {@code --exit-when-ready} it stops as soon as all are ready (a smoke
 * test). Other flags ({@link UpOptions}) start a cluster for measuring: Kafka in its own process,
 * durable PostgreSQL, production-like JVMs. Every run writes {@code .im/cluster.json}: each process it
 * started with its PID and URLs, for the load tool.
 */
public final class LocalCluster {

    static final int READY_TIMEOUT_SECONDS = 120;

    /** The pages' port: the chat page on it, the console on its management port (+1000). */
    static final int WEB_PORT = 8080;

    private final Path root;
    private final UpOptions options;
    private ProcessCluster services;
    private Infrastructure infra;

    private LocalCluster(Path root, UpOptions options) {
        this.root = root;
        this.options = options;
    }

    static List<ServiceSpec> specs(UpOptions o) {
        Map<String, String> local = new java.util.HashMap<>(o.gatewayEnv());
        local.put("SPRING_PROFILES_ACTIVE", "local"); // turns on GET /dev/token
        List<ServiceSpec> specs = new java.util.ArrayList<>();
        for (int i = 1; i <= o.gateways(); i++) {
            specs.add(ServiceSpec.gateway("gw-" + i, 8080 + i, local));
        }
        specs.add(new ServiceSpec("routing", "routing-service", 8090, Map.of()));
        specs.add(new ServiceSpec("presence", "presence-service", 8091, Map.of()));
        specs.add(new ServiceSpec("group", "group-service", 8092, Map.of()));
        if (!o.measuring()) { // a measuring run counts every service's CPU: no idle page server in it
            specs.add(new ServiceSpec("web", "web-service", WEB_PORT, webEnv(specs)));
        }
        return List.copyOf(specs);
    }

    /**
     * The pages' view of this local cluster, read off the specs of the services already listed (so the
     * port layout is written once): what the chat page connects to, what the console asks.
     */
    static Map<String, String> webEnv(List<ServiceSpec> services) {
        List<ServiceSpec> gateways = services.stream()
                .filter(s -> s.module().equals("gateway-service"))
                .toList();
        Map<String, ServiceSpec> byName = new java.util.HashMap<>();
        services.forEach(s -> byName.put(s.name(), s));
        return Map.of(
                "IM_WEBAPP_GATEWAYS",
                String.join(
                        ",",
                        gateways.stream()
                                .map(g -> g.env().get("IM_GATEWAY_ADVERTISED_URL"))
                                .toList()),
                "IM_WEBAPP_GROUP_API",
                byName.get("group").baseUrl(),
                "IM_WEBAPP_PRESENCE_API",
                byName.get("presence").baseUrl(),
                "IM_WEBAPP_DEV_TOKENS",
                gateways.get(0).baseUrl() + "/dev/token",
                "IM_WEBAPP_ROUTING_MANAGEMENT",
                byName.get("routing").managementUrl(),
                "IM_WEBAPP_GATEWAY_MANAGEMENT",
                String.join(
                        ",",
                        gateways.stream()
                                .map(g -> g.name() + "=" + g.managementUrl())
                                .toList()),
                "IM_WEBAPP_SERVICE_MANAGEMENT",
                "presence=" + byName.get("presence").managementUrl() + ",group="
                        + byName.get("group").managementUrl());
    }

    public static void main(String[] args) throws Exception {
        UpOptions options = UpOptions.parse(args);
        Path root = Path.of(System.getProperty("im.root", ".")).toAbsolutePath().normalize();
        LocalCluster cluster = new LocalCluster(root, options);
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "im-up-shutdown"));
        int code;
        try {
            code = cluster.run();
        } catch (InfrastructureStartException e) {
            // One clear message, not the stack traces of every server that was starting beside it.
            System.err.println("could not start the local infrastructure: " + e.getMessage());
            code = 1;
        }
        if (code != 0 || options.exitWhenReady()) {
            System.exit(code); // the shutdown hook stops everything
        }
        Thread.currentThread().join(); // until Ctrl-C
    }

    private int run() throws IOException {
        long t0 = System.nanoTime();
        for (ServiceSpec s : specs(options)) {
            for (int port : new int[] {s.port(), s.managementPort()}) {
                if (Ports.listening(port)) {
                    System.err.printf("port %d (for %s) is in use; stop what holds it and retry%n", port, s.name());
                    return 2;
                }
            }
        }
        Path logs = Files.createDirectories(root.resolve(".im/logs"));
        System.out.println("starting infrastructure (Kafka, Redis, PostgreSQL, etcd) ...");
        infra = Infrastructure.start(options.infra(logs));
        System.out.printf("infrastructure ready in %.1f s%n", seconds(t0));
        Map<String, ClassDataSharing.Prepared> prepared = prepareArchives();
        System.out.printf("class-data-sharing archives ready at %.1f s%n", seconds(t0));
        services = ProcessCluster.create(root, logs, infra, prepared);
        if (options.measuring()) {
            services.forMeasuring();
        }
        services.withJvmOptions("gateway-service", options.gatewayJvm()).start(specs(options));
        System.out.println("starting services "
                + specs(options).stream().map(ServiceSpec::name).toList() + " ...");
        List<String> gateways = specs(options).stream()
                .filter(s -> s.module().equals("gateway-service"))
                .map(ServiceSpec::name)
                .toList();
        try {
            // Gateways register in Redis; routing builds its ring from that: check the wiring end to end.
            services.awaitReady(
                    // full-JIT JVMs start slower, and a measuring run must not fail on a busy machine
                    java.time.Duration.ofSeconds(READY_TIMEOUT_SECONDS * (options.measuring() ? 3 : 1)),
                    () -> ProcessCluster.ringLists("http://127.0.0.1:9090", infra.adminToken(), gateways),
                    (name, at) -> System.out.printf("  %-9s ready after %5.1f s%n", name, seconds(t0)));
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        Path tokenFile = root.resolve(".im/admin-token");
        Files.writeString(tokenFile, infra.adminToken() + "\n");
        Path secretFile = null;
        if (options.measuring()) {
            secretFile = root.resolve(".im/token-secret");
            Files.writeString(secretFile, infra.userTokenKey() + "\n");
        }
        ClusterManifest.write(
                root.resolve(".im/cluster.json"),
                ClusterManifest.json(services, infra, options, tokenFile, secretFile));
        printSummary(logs, tokenFile, seconds(t0));
        return 0;
    }

    /** One archive per module, made in parallel (only after the module's jar changed). */
    private Map<String, ClassDataSharing.Prepared> prepareArchives() throws IOException {
        ClassDataSharing cds = new ClassDataSharing(root, ServiceProcess.JVM_OPTIONS);
        Map<String, String> trainingEnv = new java.util.HashMap<>(infra.environment());
        // Training runs start the real application once: keep them off the real ring.
        trainingEnv.put("IM_MEMBERSHIP_REDIS_KEY", "IMSERVER-cds-training");
        trainingEnv.put("IM_GATEWAY_NODE_ID", "cds-training");
        trainingEnv.put("IM_AUTH_HMAC_SECRET", infra.userTokenKey());
        trainingEnv.put("MANAGEMENT_SERVER_PORT", "0");
        Map<String, Path> jars = new java.util.LinkedHashMap<>();
        for (ServiceSpec s : specs(options)) {
            jars.putIfAbsent(s.module(), ProcessCluster.jarOf(root, s.module()));
        }
        Map<String, ClassDataSharing.Prepared> out = new java.util.concurrent.ConcurrentHashMap<>();
        jars.entrySet().parallelStream()
                .forEach(e -> out.put(e.getKey(), cds.prepare(e.getKey(), e.getValue(), trainingEnv)));
        return out;
    }

    private void printSummary(Path logs, Path tokenFile, double elapsed) {
        System.out.printf(
                "%nall services ready, %s on routing's ring, in %.1f s%n%n",
                options.gateways() == 2 ? "both gateways" : options.gateways() + " gateway(s)", elapsed);
        if (services.running().stream().anyMatch(s -> s.module().equals("web-service"))) {
            System.out.printf(
                    "chat      http://127.0.0.1:%d/   sign in as any user id; a second tab as another%n", WEB_PORT);
            System.out.printf(
                    "console   http://127.0.0.1:%d/console/   with the admin token (below)%n%n", WEB_PORT + 1000);
        }
        System.out.printf("%-9s %-8s %-24s %-24s %s%n", "service", "pid", "client API", "management", "extra");
        for (ServiceSpec s : services.running()) {
            String extra = s.module().equals("gateway-service")
                    ? "ws " + s.env().get("IM_GATEWAY_ADVERTISED_URL") + ", tokens " + s.baseUrl()
                            + "/dev/token?user=alice"
                    : s.module().equals("routing-service") ? "admin /admin/ring, /admin/users/{id}" : "";
            System.out.printf(
                    "%-9s %-8d %-24s %-24s %s%n",
                    s.name(), services.pid(s.name()), s.baseUrl(), s.managementUrl(), extra);
        }
        System.out.printf("%nkafka     %s%n", infra.kafkaBootstrapServers());
        for (Infrastructure.ProcessInfo p : infra.processes()) {
            System.out.printf("  %-8s pid %-8d %s%n", p.name(), p.pid(), p.note() == null ? "" : p.note());
        }
        System.out.printf("redis     %s:%d%n", infra.redisHost(), infra.redisPort());
        System.out.printf("postgres  %s%n", infra.jdbcUrl());
        System.out.printf("etcd      %s%n", infra.etcdEndpoint());
        System.out.printf("logs      %s%n", logs);
        System.out.printf("metrics   <management>/actuator/prometheus; health <management>/actuator/health%n");
        System.out.printf(
                "processes %s (PIDs and URLs, for ./im load)%n", root.relativize(root.resolve(".im/cluster.json")));
        System.out.printf(
                "admin     token (this run) in %s; /admin and the rest of /actuator need it (docs/admin.md):%n",
                tokenFile);
        System.out.printf(
                "          curl -H \"Authorization: Bearer $(cat %s)\" http://127.0.0.1:9090/admin/ring%n%n",
                root.relativize(tokenFile));
        System.out.println("Ctrl-C stops everything.");
    }

    private synchronized void stop() {
        if (services == null && infra == null) {
            return;
        }
        System.out.println("stopping services ...");
        // Services first, in parallel (each drains gracefully), then the infrastructure they use.
        if (services != null) {
            services.close();
            services = null;
        }
        if (infra != null) {
            infra.close();
            infra = null;
        }
        try {
            Files.deleteIfExists(root.resolve(".im/admin-token")); // worthless now; do not leave it lying around
            Files.deleteIfExists(root.resolve(".im/token-secret"));
            Files.deleteIfExists(root.resolve(".im/cluster.json"));
        } catch (IOException e) {
            // best effort
        }
        System.out.println("stopped; no process left running");
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
