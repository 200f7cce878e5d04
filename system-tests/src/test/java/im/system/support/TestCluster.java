package im.system.support;

import im.infra.Http;
import im.infra.Infrastructure;
import im.infra.Ports;
import im.infra.TestTokens;
import im.infra.local.ProcessCluster;
import im.infra.local.ServiceSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gateways, routing, presence and group-service as real processes (their Boot jars) on free ports against one
 * infrastructure; what system tests and the benchmarks run on.
 */
public final class TestCluster implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ProcessCluster processes;
    private final Path logs;
    private final List<String> gateways = new ArrayList<>();
    private final Map<String, ServiceSpec> gatewaySpecs = new java.util.LinkedHashMap<>();
    private final Map<String, String> gatewayEnv;
    private final String routingUrl;
    private final String presenceUrl;
    private final String groupUrl;
    private final String groupManagementUrl;

    private final Map<String, String> serviceEnv;
    private final Map<String, ServiceSpec> replicas = new java.util.LinkedHashMap<>();

    /**
     * How many processes of each kind. Routing and presence replicas share their Kafka consumer groups,
     * as the replicas of a Kubernetes Deployment do; the gateways reach the first routing replica for
     * {@code sync} (a local cluster has no Service in front of them).
     */
    public record Layout(int gateways, int routings, int presences) {

        public static Layout gateways(int gateways) {
            return new Layout(gateways, 1, 1);
        }
    }

    private TestCluster(
            Infrastructure infra,
            Layout layout,
            Map<String, String> gatewayEnv,
            Map<String, String> serviceEnv,
            String logName,
            boolean measuring) {
        this.serviceEnv = Map.copyOf(serviceEnv);
        Path root =
                Path.of(System.getProperty("im.root", "..")).toAbsolutePath().normalize();
        this.logs = root.resolve("system-tests/target/logs/" + logName);
        this.processes = ProcessCluster.create(root, logs, infra);
        if (measuring) {
            processes.forMeasuring();
        }
        List<ServiceSpec> specs = new ArrayList<>();
        for (int i = 1; i <= layout.routings(); i++) {
            specs.add(replica("routing", "routing-service", i));
        }
        for (int i = 1; i <= layout.presences(); i++) {
            specs.add(replica("presence", "presence-service", i));
        }
        ServiceSpec group = new ServiceSpec("group", "group-service", Ports.free(), Ports.free(), serviceEnv);
        specs.add(group);
        this.routingUrl = replicas.get("routing").managementUrl();
        this.presenceUrl = replicas.get("presence").baseUrl();
        this.groupUrl = group.baseUrl();
        this.groupManagementUrl = group.managementUrl();
        this.gatewayEnv = Map.copyOf(gatewayEnv);
        for (int i = 1; i <= layout.gateways(); i++) {
            specs.add(gatewaySpec("gw-" + i));
        }
        processes.start(specs);
    }

    /** Replica {@code i} of {@code kind}: named {@code kind} alone when it is the first, {@code kind-i} after. */
    private ServiceSpec replica(String kind, String module, int i) {
        String name = i == 1 ? kind : kind + "-" + i;
        ServiceSpec spec = new ServiceSpec(name, module, Ports.free(), Ports.free(), serviceEnv);
        replicas.put(name, spec);
        return spec;
    }

    /** Starts the cluster and waits until every service is ready and every gateway is on routing's ring. */
    public static TestCluster start(
            Infrastructure infra, int gateways, Map<String, String> gatewayEnv, String logName) {
        return start(infra, gateways, gatewayEnv, Map.of(), logName, false);
    }

    /** As {@link #start(Infrastructure, int, Map, String)}; {@code measuring}: production-like JVMs (benchmarks). */
    public static TestCluster start(
            Infrastructure infra, int gateways, Map<String, String> gatewayEnv, String logName, boolean measuring) {
        return start(infra, gateways, gatewayEnv, Map.of(), logName, measuring);
    }

    /** As above; {@code serviceEnv} goes to every service, the gateways included. */
    public static TestCluster start(
            Infrastructure infra,
            int gateways,
            Map<String, String> gatewayEnv,
            Map<String, String> serviceEnv,
            String logName,
            boolean measuring) {
        return start(infra, Layout.gateways(gateways), gatewayEnv, serviceEnv, logName, measuring);
    }

    /** As above, with routing and presence replicas as {@code layout} says. */
    public static TestCluster start(
            Infrastructure infra,
            Layout layout,
            Map<String, String> gatewayEnv,
            Map<String, String> serviceEnv,
            String logName,
            boolean measuring) {
        TestCluster c = new TestCluster(infra, layout, gatewayEnv, serviceEnv, logName, measuring);
        try {
            c.awaitRingsList(c.gateways);
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** Waits until every service is ready and the ring of every routing replica lists {@code nodes}. */
    private void awaitRingsList(List<String> nodes) {
        processes.awaitReady(
                Duration.ofSeconds(180),
                () -> routingReplicas().stream()
                        .allMatch(r -> ProcessCluster.ringLists(replicas.get(r).managementUrl(), adminToken(), nodes)),
                (n, s) -> {});
    }

    /** The routing replicas running now. */
    public List<String> routingReplicas() {
        return running("routing-service");
    }

    private List<String> running(String module) {
        return processes.running().stream()
                .filter(s -> s.module().equals(module))
                .map(ServiceSpec::name)
                .toList();
    }

    /**
     * Starts one more replica of routing or presence ({@code kind}), named {@code name}, sharing the
     * others' consumer groups; waits until it is ready (and, for routing, until its ring lists every
     * gateway running).
     */
    public void addReplica(String kind, String name) {
        String module = kind + "-service";
        ServiceSpec spec =
                replicas.computeIfAbsent(name, n -> new ServiceSpec(n, module, Ports.free(), Ports.free(), serviceEnv));
        processes.start(List.of(spec));
        awaitRingsList(running("gateway-service"));
    }

    private ServiceSpec gatewaySpec(String node) {
        Map<String, String> env = new java.util.HashMap<>(serviceEnv);
        env.putAll(gatewayEnv);
        env.put("IM_GATEWAY_ROUTING_URL", routingUrl);
        env.put("IM_GATEWAY_GROUPS_URL", groupManagementUrl);
        ServiceSpec spec = ServiceSpec.gateway(node, Ports.free(), Ports.free(), env);
        gateways.add(node);
        gatewaySpecs.put(node, spec);
        return spec;
    }

    /** Starts one more gateway and waits until it is ready (not until it is on the ring). */
    public ServiceSpec addGateway(String node) {
        ServiceSpec spec = gatewaySpec(node);
        processes.start(List.of(spec));
        processes.awaitReady(Duration.ofSeconds(180));
        return spec;
    }

    /** SIGTERM (graceful drain), then the same gateway again on the same port; waits until ready. */
    public void restartGateway(String node, Duration grace) {
        processes.stop(node, grace);
        processes.start(List.of(gatewaySpecs.get(node)));
        processes.awaitReady(Duration.ofSeconds(180));
    }

    /**
     * Starts {@code node} again on its ports if something outside killed it (a browser test), and waits
     * until it is ready and back on routing's ring.
     */
    public void startAgainIfKilled(String node) {
        if (processes.startIfDead(node)) {
            awaitRingsList(List.of(node));
        }
    }

    /** Every gateway ever started here, dead ones included (a client's bootstrap list). */
    public List<String> gateways() {
        return List.copyOf(gateways);
    }

    public String wsUrl(String gateway) {
        return "ws://127.0.0.1:" + gatewaySpecs.get(gateway).port() + "/ws";
    }

    /** Routing's management base URL: its admin and internal APIs. */
    public String routingUrl() {
        return routingUrl;
    }

    /** Presence's client-facing base URL. */
    public String presenceUrl() {
        return presenceUrl;
    }

    /** Group-service's client-facing base URL. */
    public String groupUrl() {
        return groupUrl;
    }

    /** The services' token for each other's internal APIs ({@code /internal/**}). */
    public String internalToken() {
        return processes.internalToken();
    }

    /** The token of every service's {@code /admin/**} endpoints. */
    public String adminToken() {
        return processes.adminToken();
    }

    public String token(String user) {
        return TestTokens.mint(user, java.time.Instant.now(), Duration.ofHours(1));
    }

    /** A fresh user id that the ring places on {@code gateway} (asked from routing). */
    public String userOn(String gateway, String prefix) {
        for (int i = 0; i < 10_000; i++) {
            String u = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
            String owner = JSON.readTree(Http.getAdmin(routingUrl + "/admin/route/" + u, adminToken())
                            .body())
                    .get("owner")
                    .asString();
            if (owner.equals(gateway)) {
                return u;
            }
        }
        throw new IllegalStateException("no user found for " + gateway);
    }

    /** The gateway the ring places {@code user} on (asked from routing). */
    public String ownerOf(String user) {
        return JSON.readTree(Http.getAdmin(routingUrl + "/admin/route/" + user, adminToken())
                        .body())
                .get("owner")
                .asString();
    }

    /** Connects {@code user}'s {@code device} to the gateway that owns them and waits for {@code welcome}. */
    public TestClient connect(String user, String device) {
        String url = wsUrl(ownerOf(user));
        // A redirect (the rings of routing and the gateway disagree for a moment) is followed, as the
        // reference client does; a few hops at most.
        for (int hop = 0; hop < 3; hop++) {
            TestClient c = TestClient.connect(url, token(user), device);
            JsonNode first = c.await(
                            f -> Set.of("welcome", "redirect")
                                    .contains(f.path("type").asString()),
                            Duration.ofSeconds(10))
                    .frame();
            if (first.path("type").asString().equals("welcome")) {
                return c;
            }
            c.close();
            url = first.path("url").asString();
        }
        throw new AssertionError("no welcome for " + user + " after 3 redirects");
    }

    /** Where the services' logs are. */
    public Path logs() {
        return logs;
    }

    public ProcessCluster processes() {
        return processes;
    }

    @Override
    public void close() {
        processes.close();
    }
}
