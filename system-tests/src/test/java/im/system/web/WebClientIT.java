package im.system.web;

import static org.assertj.core.api.Assertions.assertThat;

import im.infra.Ports;
import im.infra.SharedInfrastructure;
import im.infra.local.ServiceSpec;
import im.system.support.TestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The TypeScript SDK and the web pages against a real cluster: two gateways (local profile, so the
 * pages can mint test users' tokens), routing, presence, group and web-service as processes. The
 * scenarios themselves are node programs under {@code clients/} (the SDK's cluster test, and the
 * browser tests driving Debian's Chromium with playwright-core); this class starts what they need,
 * hands them the addresses and the gateways' PIDs (they kill a gateway themselves, mid-conversation),
 * starts a killed gateway again between them, and fails with their output when one fails.
 * Screenshots land in {@code system-tests/target/screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebClientIT {

    private static final Duration NODE_TIMEOUT = Duration.ofMinutes(6);

    private static TestCluster cluster;
    private static ServiceSpec web;
    private static Path root;
    private static Path pids;

    @BeforeAll
    static void start() throws IOException {
        root = Path.of(System.getProperty("im.root", "..")).toAbsolutePath().normalize();
        cluster = TestCluster.start(
                SharedInfrastructure.get(), 2, Map.of("SPRING_PROFILES_ACTIVE", "local"), "web-client");
        List<String> gateways = cluster.gateways();
        web = new ServiceSpec(
                "web",
                "web-service",
                Ports.free(),
                Ports.free(),
                Map.of(
                        "IM_WEBAPP_GATEWAYS",
                        gateways.stream().map(cluster::wsUrl).collect(Collectors.joining(",")),
                        "IM_WEBAPP_GROUP_API",
                        cluster.groupUrl(),
                        "IM_WEBAPP_PRESENCE_API",
                        cluster.presenceUrl(),
                        "IM_WEBAPP_DEV_TOKENS",
                        cluster.processes().spec(gateways.get(0)).baseUrl() + "/dev/token",
                        "IM_WEBAPP_ROUTING_MANAGEMENT",
                        cluster.routingUrl(),
                        "IM_WEBAPP_SERVICE_MANAGEMENT",
                        "presence=" + cluster.processes().spec("presence").managementUrl() + ",group="
                                + cluster.processes().spec("group").managementUrl(),
                        "IM_WEBAPP_GATEWAY_MANAGEMENT",
                        gateways.stream()
                                .map(g -> g + "=" + cluster.processes().spec(g).managementUrl())
                                .collect(Collectors.joining(","))));
        cluster.processes().start(List.of(web)).awaitReady(Duration.ofSeconds(120));
        pids = Files.createDirectories(root.resolve("system-tests/target")).resolve("gateway-pids.json");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Every gateway running again, and the file the node programs read their PIDs from up to date. */
    private static void gatewaysUp() throws IOException {
        cluster.gateways().forEach(cluster::startAgainIfKilled);
        Files.writeString(
                pids,
                cluster.gateways().stream()
                        .map(g -> "\"" + g + "\":" + cluster.processes().pid(g))
                        .collect(Collectors.joining(",", "{", "}")));
    }

    private static Map<String, String> env() {
        String gateways = cluster.gateways().stream().map(cluster::wsUrl).collect(Collectors.joining(","));
        return Map.of(
                "IM_GATEWAYS",
                gateways,
                "IM_TOKEN_URL",
                cluster.processes().spec(cluster.gateways().get(0)).baseUrl() + "/dev/token",
                "IM_KILL_PIDS_FILE",
                pids.toString(),
                "IM_WEB_URL",
                web.baseUrl() + "/",
                "IM_CONSOLE_URL",
                web.managementUrl() + "/console/",
                "IM_ADMIN_TOKEN",
                cluster.adminToken(),
                "IM_SCREENSHOTS",
                root.resolve("system-tests/target/screenshots").toString());
    }

    @Test
    @Order(1)
    void theSdkDeliversEveryMessageOnceInOrderThroughAGatewayKill() throws Exception {
        gatewaysUp();
        Result build = run("sdk-build", "npm", "run", "build:test", "--workspace", "typescript");
        assertThat(build.exit()).as(build.output()).isZero();
        assertPasses(run("sdk-cluster", tests("typescript", "sdk-cluster", "typescript/dist-test/test/cluster.it.js")));
    }

    @Test
    @Order(2)
    void twoPeopleChatInTwoBrowsersThroughAGatewayKill() throws Exception {
        gatewaysUp();
        assertPasses(run("browser-chat", tests("web", "browser-chat", "web/test/chat.test.mjs")));
    }

    @Test
    @Order(3)
    void theConsoleShowsTheRingAndDrainsANode() throws Exception {
        gatewaysUp();
        assertPasses(run("browser-console", tests("web", "browser-console", "web/test/console.test.mjs")));
    }

    private record Result(int exit, String output) {}

    /**
     * The command running {@code file} with node's test runner in the workspace package {@code pkg},
     * its report (tests, failures) beside Failsafe's, so {@code ./im test} counts each node test.
     */
    private static String[] tests(String pkg, String name, String file) {
        Path report = root.resolve("system-tests/target/failsafe-reports/TEST-node-" + name + ".xml");
        return new String[] {"node", "scripts/run-tests.mjs", pkg, report.toString(), file};
    }

    /** Runs {@code command} in {@code clients/}, its output in this test's output and in target/node-logs. */
    private static Result run(String name, String... command) throws Exception {
        Path log = Files.createDirectories(root.resolve("system-tests/target/node-logs"))
                .resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(command)))
                .directory(root.resolve("clients").toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env());
        Process p = pb.start();
        boolean done = p.waitFor(NODE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String output = Files.readString(log);
        System.out.println(output); // the node test report, in this test's output
        return new Result(done ? p.exitValue() : -1, output);
    }

    private static void assertPasses(Result r) {
        assertThat(r.exit())
                .as("the node test program failed (exit %d):%n%s", r.exit(), r.output())
                .isZero();
        assertThat(r.output()).as("it ran tests").containsPattern("pass [1-9]");
        assertThat(r.output()).containsPattern("fail 0").containsPattern("skipped 0");
        assertThat(r.output()).as("it found the cluster").doesNotContain("no cluster");
    }
}
