package im.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * A real Redis server: the system {@code redis-server} when it is on the PATH, otherwise the binary
 * bundled by embedded-redis (6.2). Persistence is off: the project treats Redis as a cache that can
 * be lost, and tests restart it empty on purpose.
 */
final class RedisServerProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisServerProcess.class);

    private final int port;
    private final Path dir;
    private ChildProcess system;

    RedisServerProcess(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    synchronized void start() {
        String binary = Binaries.find("redis-server");
        String server = binary != null ? binary : extractBundled().toString();
        // The bundled binary is run here too, not through embedded-redis' RedisServer: that one adds a
        // JVM shutdown hook which kills Redis at the moment the JVM begins to stop, while the services
        // started by the local launcher are still draining and deregistering through it.
        system = new ChildProcess(
                "redis",
                List.of(
                        server,
                        "--port",
                        String.valueOf(port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--dir",
                        dir.toString(),
                        "--daemonize",
                        "no"),
                dir.resolve("redis.log"));
        system.start();
        try {
            Ports.awaitListening("redis-server", port, Duration.ofSeconds(20));
        } catch (RuntimeException e) {
            // The directory, and its log, is deleted when the start fails: say what the log said.
            throw new IllegalStateException(e.getMessage() + "; its log ends: " + lastLine(dir.resolve("redis.log")));
        }
        log.info("Redis on 127.0.0.1:{} ({})", port, binary != null ? binary : "embedded-redis binary");
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty() ? "(empty)" : lines.get(lines.size() - 1).strip();
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** The redis-server that embedded-redis bundles for this machine, copied out as an executable. */
    private Path extractBundled() {
        String arch = System.getProperty("os.arch").contains("aarch64") ? "6.2.7-linux-arm64" : "6.2.6-v5-linux-amd64";
        String resource = "/redis-server-" + arch;
        Path target = dir.resolve("redis-server");
        if (Files.isExecutable(target)) {
            return target; // copied by an earlier start in this directory (a restart)
        }
        try (InputStream in = RedisServer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no redis-server on the PATH and none bundled for this machine ("
                        + resource + "); install Debian's redis-server");
            }
            Files.createDirectories(dir);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy the bundled redis-server to " + target, e);
        }
        if (!target.toFile().setExecutable(true)) {
            throw new IllegalStateException("could not make " + target + " executable");
        }
        return target;
    }

    synchronized void stop() {
        if (system != null) {
            system.stop();
            system = null;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Ports.listening(port) && System.nanoTime() < deadline) {
            Ports.sleep(50);
        }
    }

    /** The server's PID, or -1 when not running. */
    synchronized long pid() {
        return system == null ? -1 : system.pid();
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        stop();
    }

    static Path newDir(Path parent) {
        try {
            return Files.createDirectories(parent.resolve("redis"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
