package im.infra.local;

import im.infra.Http;
import im.infra.Infrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Service JVMs started from their Boot jars against one infrastructure: what {@code ./im up} runs, and
 * what system tests and benchmarks start to prove things across real processes. Each service logs to
 * {@code <logDir>/<name>.log}.
 */
public final class ProcessCluster implements AutoCloseable {

    private final Path root;
    private final Path logs;
    private final Map<String, String> infraEnv;
    private final String userTokenKey;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final Map<String, ClassDataSharing.Prepared> prepared;
    private List<String> jvmOptions = ServiceProcess.JVM_OPTIONS;
    private final Map<String, List<String>> extraJvmOptions = new LinkedHashMap<>();

    private ProcessCluster(
            Path root,
            Path logs,
            Map<String, String> infraEnv,
            String userTokenKey,
            Map<String, ClassDataSharing.Prepared> prepared) {
        this.root = root;
        this.logs = logs;
        this.infraEnv = infraEnv;
        this.userTokenKey = userTokenKey;
        this.prepared = new LinkedHashMap<>(prepared);
    }

    /** A cluster without class-data-sharing archives (tests: no training run to pay for). */
    public static ProcessCluster create(Path root, Path logs, Infrastructure infra) {
        return new ProcessCluster(root, logs, infra.environment(), infra.userTokenKey(), Map.of());
    }

    static ProcessCluster create(
            Path root, Path logs, Infrastructure infra, Map<String, ClassDataSharing.Prepared> prepared) {
        return new ProcessCluster(root, logs, infra.environment(), infra.userTokenKey(), prepared);
    }

    /**
     * Runs services started from now on like production JVMs (full JIT, fixed 512 MB heap) instead of
     * the default start-up tuned options (C1 only), which cost throughput: for benchmarks.
     */
    public ProcessCluster forMeasuring() {
        this.jvmOptions = ServiceProcess.MEASURING_JVM_OPTIONS;
        return this;
    }

    /**
     * Adds JVM options for services of {@code module} started from now on, after the common ones (so
     * a later {@code -Xmx} wins): e.g. a larger heap for a gateway that must hold many sessions.
     */
    public ProcessCluster withJvmOptions(String module, List<String> options) {
        extraJvmOptions.put(module, List.copyOf(options));
        return this;
    }

    /** Starts {@code specs} without waiting; see {@link #awaitReady}. */
    public ProcessCluster start(List<ServiceSpec> specs) {
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (ServiceSpec s : specs) {
            if (services.containsKey(s.name())) {
                throw new IllegalArgumentException(s.name() + " is already running");
            }
            ServiceProcess p = new ServiceProcess(s, logs);
            List<String> options = new ArrayList<>(jvmOptions);
            options.addAll(extraJvmOptions.getOrDefault(s.module(), List.of()));
            p.start(
                    prepared.computeIfAbsent(s.module(), m -> new ClassDataSharing.Prepared(jar(m), null)),
                    infraEnv,
                    userTokenKey,
                    options);
            services.put(s.name(), p);
        }
        return this;
    }

    /**
     * Waits until every started service answers ready and {@code extra} holds, reporting each service as
     * it gets ready; throws with the log tail of one that exited or the names of those not ready.
     */
    public void awaitReady(
            Duration timeout, BooleanSupplier extra, java.util.function.BiConsumer<String, Double> onReady) {
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        List<ServiceProcess> waiting = new ArrayList<>(
                services.values().stream().filter(p -> !p.ready()).toList());
        while (!waiting.isEmpty() || !extra.getAsBoolean()) {
            for (ServiceProcess p : List.copyOf(waiting)) {
                if (!p.alive()) {
                    throw new IllegalStateException(
                            p.spec().name() + " exited during start; last lines of " + p.log() + ":\n" + p.tail(40));
                }
                if (p.ready()) {
                    waiting.remove(p);
                    onReady.accept(p.spec().name(), (System.nanoTime() - t0) / 1e9);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not ready within " + timeout.toSeconds() + " s: "
                        + (waiting.isEmpty()
                                ? "the extra condition"
                                : waiting.stream().map(p -> p.spec().name()).toList())
                        + "; logs in " + logs);
            }
            sleep(250);
        }
    }

    /** Waits for every started service, without reporting. */
    public void awaitReady(Duration timeout) {
        awaitReady(timeout, () -> true, (n, s) -> {});
    }

    /**
     * The admin token every service started here has ({@code IM_ADMIN_TOKEN}, from {@link
     * Infrastructure#adminToken()}): what to send to their {@code /admin/**} endpoints.
     */
    public String adminToken() {
        return infraEnv.get("IM_ADMIN_TOKEN");
    }

    /** The services' token for each other's {@code /internal/**} APIs ({@code IM_INTERNAL_TOKEN}). */
    public String internalToken() {
        return infraEnv.get("IM_INTERNAL_TOKEN");
    }

    /**
     * Whether the ring of the routing service whose management port is at {@code routingUrl} lists every
     * one of {@code nodes} ({@code GET /admin/ring} with {@code adminToken}).
     */
    public static boolean ringLists(String routingUrl, String adminToken, List<String> nodes) {
        try {
            String ring = Http.getAdmin(routingUrl + "/admin/ring", adminToken).body();
            return nodes.stream().allMatch(n -> ring.contains("\"id\":\"" + n + "\""));
        } catch (RuntimeException e) {
            return false;
        }
    }

    public ServiceSpec spec(String name) {
        return service(name).spec();
    }

    public long pid(String name) {
        return service(name).pid();
    }

    /** SIGKILL: the process dies at once, without deregistering or draining. */
    public void kill(String name) {
        service(name).kill();
        services.remove(name);
    }

    /**
     * Starts {@code name} again with the same spec if its process died (killed from outside, e.g. by a
     * test in another process); waits for nothing. Returns whether it had to.
     */
    public boolean startIfDead(String name) {
        ServiceProcess p = service(name);
        if (p.alive()) {
            return false;
        }
        services.remove(name);
        start(List.of(p.spec()));
        return true;
    }

    /** SIGTERM, then SIGKILL after {@code grace}. */
    public void stop(String name, Duration grace) {
        service(name).stop((int) Math.max(1, grace.toSeconds()));
        services.remove(name);
    }

    public List<ServiceSpec> running() {
        return services.values().stream().map(ServiceProcess::spec).toList();
    }

    String tail(String name, int lines) {
        return service(name).tail(lines);
    }

    /** Stops every service in parallel, each with a graceful drain first. */
    @Override
    public void close() {
        services.values().parallelStream().forEach(p -> p.stop(20));
        services.clear();
    }

    private ServiceProcess service(String name) {
        ServiceProcess p = services.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no running service " + name);
        }
        return p;
    }

    private Path jar(String module) {
        Path target = root.resolve(module).resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().matches(module + "-[^-]+(-SNAPSHOT)?\\.jar"))
                    .findFirst()
                    .orElseThrow(
                            () -> new IOException("no Boot jar in " + target + "; run ./mvnw -DskipTests package"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path jarOf(Path root, String module) {
        return new ProcessCluster(root, root, Map.of(), null, Map.of()).jar(module);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
