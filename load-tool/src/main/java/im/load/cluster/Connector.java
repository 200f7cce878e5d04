package im.load.cluster;

import im.load.ws.FrameListener;
import im.load.ws.Outcome;
import im.load.ws.WsClient;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Connects users as a client would: to a bootstrap gateway, following {@code redirect} to the owner
 * (a few hops at most), with a bounded number of handshakes in flight.
 */
public final class Connector {

    private final WsClient client;
    private final Map<String, String> tokens;
    private final long timeoutMillis;
    private final int maxHops;

    public Connector(WsClient client, Map<String, String> tokens, long timeoutMillis, int maxHops) {
        this.client = client;
        this.tokens = tokens;
        this.timeoutMillis = timeoutMillis;
        this.maxHops = maxHops;
    }

    /** A finished attempt: the last outcome, how many redirects were followed, and when it started. */
    public record Attempt(String user, Outcome outcome, int hops, long startNanos, long endNanos) {

        public boolean welcomed() {
            return outcome.kind() == Outcome.Kind.WELCOME;
        }
    }

    public CompletableFuture<Attempt> connect(
            URI url, String user, String device, InetAddress source, FrameListener listener) {
        long start = System.nanoTime();
        return hop(url, user, device, source, listener, 0, start);
    }

    private CompletableFuture<Attempt> hop(
            URI url, String user, String device, InetAddress source, FrameListener l, int hops, long start) {
        String token = tokens.get(user);
        if (token == null) {
            return CompletableFuture.completedFuture(new Attempt(
                    user,
                    new Outcome(Outcome.Kind.FAILED, null, null, null, -1, -1, "no token"),
                    hops,
                    start,
                    System.nanoTime()));
        }
        return client.connect(url, token, device, source, timeoutMillis, l).thenCompose(o -> {
            if (o.kind() == Outcome.Kind.REDIRECT && o.url() != null && hops < maxHops) {
                return hop(URI.create(o.url()), user, device, source, l, hops + 1, start);
            }
            return CompletableFuture.completedFuture(new Attempt(user, o, hops, start, System.nanoTime()));
        });
    }

    /** Connects every user, at most {@code inFlight} at once; {@code url} and {@code source} per user. */
    public List<Attempt> connectAll(
            List<String> users,
            Function<Integer, URI> url,
            Function<Integer, InetAddress> source,
            String device,
            FrameListener listener,
            int inFlight) {
        return connectAll(users, url, source, device, listener, inFlight, a -> {});
    }

    /** As above; {@code welcomed} is told of each session as soon as it is welcomed (e.g. to ping it). */
    public List<Attempt> connectAll(
            List<String> users,
            Function<Integer, URI> url,
            Function<Integer, InetAddress> source,
            String device,
            FrameListener listener,
            int inFlight,
            Consumer<Attempt> welcomed) {
        Semaphore permits = new Semaphore(inFlight);
        List<CompletableFuture<Attempt>> all = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            permits.acquireUninterruptibly();
            all.add(connect(url.apply(i), users.get(i), device, source.apply(i), listener)
                    .whenComplete((a, e) -> {
                        permits.release();
                        if (a != null && a.welcomed()) {
                            welcomed.accept(a);
                        }
                    }));
        }
        return all.stream().map(CompletableFuture::join).toList();
    }
}
