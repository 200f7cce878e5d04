package im.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private RedisServer bundled;

    RedisServerProcess(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    synchronized void start() {
        String binary = Binaries.find("redis-server");
        if (binary != null) {
            system = new ChildProcess(
                    "redis",
                    List.of(
                            binary,
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
        } else {
            try {
                bundled = RedisServer.newRedisServer()
                        .port(port)
                        .setting("bind 127.0.0.1")
                        .setting("save \"\"")
                        .setting("appendonly no")
                        .setting("dir " + dir)
                        .build();
                bundled.start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the bundled redis-server", e);
            }
        }
        Ports.awaitListening("redis-server", port, Duration.ofSeconds(20));
        log.info("Redis on 127.0.0.1:{} ({})", port, binary != null ? binary : "embedded-redis binary");
    }

    synchronized void stop() {
        if (system != null) {
            system.stop();
            system = null;
        }
        if (bundled != null) {
            try {
                bundled.stop();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            bundled = null;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Ports.listening(port) && System.nanoTime() < deadline) {
            Ports.sleep(50);
        }
    }

    /**
     * The server's PID: the system binary's child, or for the bundled binary (started inside
     * embedded-redis) the descendant of this JVM whose command is a redis-server; -1 if none.
     */
    synchronized long pid() {
        if (system != null) {
            return system.pid();
        }
        return ProcessHandle.current()
                .descendants()
                .filter(h -> h.info().command().orElse("").contains("redis-server"))
                .mapToLong(ProcessHandle::pid)
                .findFirst()
                .orElse(-1);
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
