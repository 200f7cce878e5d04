package im.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Loopback port helpers. */
public final class Ports {

    private Ports() {}

    /** Where listening ports are picked: below the kernel's ephemeral range, from here up. */
    private static final int LOWEST = 10_000;

    private static final int BELOW_EPHEMERAL = ephemeralLow();

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /**
     * A port that was free on 127.0.0.1 a moment ago, never handed out before by this JVM. Picked below
     * the kernel's ephemeral range ({@code ip_local_port_range}): a service binds its port seconds
     * after it was picked, and a port from the ephemeral range (what {@code new ServerSocket(0)} gives)
     * can meanwhile become the local end of one of the thousands of outgoing connections a cluster
     * makes, so the service would fail to start with "port already in use".
     */
    public static int free() {
        for (int attempt = 0; attempt < 1000 && BELOW_EPHEMERAL - LOWEST > 1000; attempt++) {
            int port = LOWEST + ThreadLocalRandom.current().nextInt(BELOW_EPHEMERAL - LOWEST);
            if (HANDED_OUT.add(port) && bindable(port)) {
                return port;
            }
        }
        // No room below the ephemeral range (or all taken): any free port, as the kernel picks it.
        while (true) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (HANDED_OUT.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port of the ephemeral range (Linux), or 32768, its usual start, where it cannot be read. */
    private static int ephemeralLow() {
        try {
            String range = java.nio.file.Files.readAllLines(
                            java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                    .get(0);
            return Integer.parseInt(range.trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    /** Whether something accepts TCP connections on 127.0.0.1:{@code port}. */
    public static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits until {@code port} accepts connections, or fails naming {@code what}. */
    public static void awaitListening(String what, int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!listening(port)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " did not listen on 127.0.0.1:" + port + " within " + timeout);
            }
            sleep(50);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
