package im.infra;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-member etcd from the system binary (Debian package {@code etcd-server}). There is no
 * etcd artifact on Maven Central, so a missing binary is reported with the package to install.
 */
final class EtcdServer implements AutoCloseable {

    static final String MISSING =
            "etcd is not installed: run 'sudo apt-get install -y etcd-server' (Debian/Ubuntu), or put an"
                    + " etcd 3.4+ binary on the PATH. ./im test installs it when it runs as root.";

    private static final Logger log = LoggerFactory.getLogger(EtcdServer.class);

    private final int clientPort = Ports.free();
    private final int peerPort = Ports.free();
    private final ChildProcess process;

    private EtcdServer(String binary, Path dataDir) {
        String peer = "http://127.0.0.1:" + peerPort;
        String client = endpoint();
        process = new ChildProcess(
                "etcd",
                List.of(
                        binary,
                        "--name",
                        "im-local",
                        "--data-dir",
                        dataDir.resolve("data").toString(),
                        "--listen-client-urls",
                        client,
                        "--advertise-client-urls",
                        client,
                        "--listen-peer-urls",
                        peer,
                        "--initial-advertise-peer-urls",
                        peer,
                        "--initial-cluster",
                        "im-local=" + peer,
                        "--initial-cluster-state",
                        "new",
                        "--logger",
                        "zap",
                        "--log-outputs",
                        "stderr"),
                dataDir.resolve("etcd.log"));
    }

    static EtcdServer start(Path dataDir) {
        String binary = Binaries.find("etcd");
        if (binary == null) {
            throw new IllegalStateException(MISSING);
        }
        EtcdServer server = new EtcdServer(binary, dataDir);
        server.startProcess();
        return server;
    }

    synchronized void startProcess() {
        process.start();
        awaitHealthy(Duration.ofSeconds(30));
        log.info("etcd on {}", endpoint());
    }

    synchronized void restart() {
        process.stop();
        startProcess();
    }

    long pid() {
        return process.pid();
    }

    String endpoint() {
        return "http://127.0.0.1:" + clientPort;
    }

    private void awaitHealthy(Duration timeout) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(endpoint() + "/health"))
                .timeout(Duration.ofSeconds(1))
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("etcd exited at start; see " + process.logFile());
            }
            try {
                HttpResponse<String> r = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("true")) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Ports.sleep(100);
        }
        throw new IllegalStateException("etcd not healthy within " + timeout + "; see " + process.logFile());
    }

    @Override
    public void close() {
        process.stop();
    }
}
