package im.infra.local;

import im.infra.Http;
import im.infra.OwnSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A service JVM started from its Boot jar, output to a log file. */
final class ServiceProcess {

    /**
     * Tuned for five JVMs starting at once on a laptop: C1 only and no re-verification of the jar's
     * (already compiled and trusted) classes cut start-up CPU; not the settings for production.
     */
    static final List<String> JVM_OPTIONS = List.of(
            "-Xms64m",
            "-Xmx384m",
            "-XX:+ExitOnOutOfMemoryError",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UnlockDiagnosticVMOptions",
            "-XX:-BytecodeVerificationRemote",
            "-Dspring.jmx.enabled=false",
            "-Dfile.encoding=UTF-8");

    private final ServiceSpec spec;
    private final Path log;
    private Process process;

    ServiceProcess(ServiceSpec spec, Path logDir) {
        this.spec = spec;
        this.log = logDir.resolve(spec.name() + ".log");
    }

    /**
     * For measuring, not for starting fast: the full JIT (C2) and a fixed heap, as a production JVM would
     * run. Benchmarks use these ({@link ProcessCluster#forMeasuring}).
     */
    static final List<String> MEASURING_JVM_OPTIONS = List.of(
            "-Xms512m",
            "-Xmx512m",
            "-XX:+ExitOnOutOfMemoryError",
            "-XX:+UseSerialGC",
            "-Dspring.jmx.enabled=false",
            "-Dfile.encoding=UTF-8");

    void start(
            ClassDataSharing.Prepared prepared,
            Map<String, String> infraEnv,
            String userTokenKey,
            List<String> jvmOptions) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ClassDataSharing.java());
        cmd.addAll(prepared.archiveOptions());
        cmd.addAll(jvmOptions);
        cmd.add("-jar");
        cmd.add(prepared.jar().toString());
        ProcessBuilder pb = new ProcessBuilder(OwnSession.command(cmd)).redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        pb.environment().putAll(infraEnv);
        pb.environment().putAll(spec.env());
        pb.environment().put("SERVER_PORT", String.valueOf(spec.port()));
        pb.environment().put("MANAGEMENT_SERVER_PORT", String.valueOf(spec.managementPort()));
        if (spec.checksUserTokens()) {
            pb.environment().put("IM_AUTH_HMAC_SECRET", userTokenKey);
        }
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + spec.name(), e);
        }
    }

    /** Whether {@code /actuator/health/readiness} (management port) answers 200; false while starting. */
    boolean ready() {
        try {
            return Http.get(spec.managementUrl() + "/actuator/health/readiness").status() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    String baseUrl() {
        return spec.baseUrl();
    }

    ServiceSpec spec() {
        return spec;
    }

    Path log() {
        return log;
    }

    /** SIGKILL, no grace. */
    void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** SIGTERM for a graceful stop (Boot drains), SIGKILL after {@code graceSeconds}. */
    void stop(int graceSeconds) {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
