package im.load.capacity;

import im.load.auth.TokenSource;
import im.load.run.Heartbeats;
import im.load.ws.Frame;
import im.load.ws.FrameListener;
import im.load.ws.Outcome;
import im.load.ws.WsClient;
import im.load.ws.WsSession;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A load-generator child of {@code capacity}: holds its share of the sessions (at most ~9,000, so that
 * its own open files stay under the per-process cap), binding source addresses round robin so that no
 * one address runs out of ephemeral ports. It talks to the parent in lines: it prints {@code ready}
 * once its tokens are in, connects on {@code go}, prints {@code connected …}, holds with pings until
 * {@code stop}, prints {@code held …} and exits.
 */
public final class CapacityChild implements FrameListener {

    /** The gateway's close code for a connect past its connect rate ({@code connect_throttled}). */
    static final int THROTTLED = 4429;

    private final Map<String, LongAdder> refused = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> dropped = new ConcurrentHashMap<>();
    private final LongAdder redirected = new LongAdder();
    private final LongAdder throttled = new LongAdder();
    private final Histogram connect = new ConcurrentHistogram(3_600_000_000_000L, 3);
    private final List<WsSession> held = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile Heartbeats heartbeats;

    /** args: url prefix sessions concurrency token-spec source-addresses(comma) */
    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        String prefix = args[1];
        int sessions = Integer.parseInt(args[2]);
        int concurrency = Integer.parseInt(args[3]);
        TokenSource tokens = args[4].startsWith("secret:")
                ? TokenSource.secretFile(Path.of(args[4].substring(7)), Duration.ofHours(2))
                : TokenSource.devEndpoint(args[4].substring(4), Duration.ofHours(2), 32);
        List<InetAddress> sources = new ArrayList<>();
        for (String a : args[5].split(",")) {
            if (!a.isBlank()) {
                sources.add(InetAddress.getByName(a));
            }
        }
        new CapacityChild().run(url, prefix, sessions, concurrency, tokens, sources);
    }

    private void run(
            URI url, String prefix, int sessions, int concurrency, TokenSource tokens, List<InetAddress> sources)
            throws Exception {
        int attempts = sessions * 3; // room for replacing users the gateway redirects elsewhere
        List<String> users = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            users.add(prefix + "-" + i);
        }
        Map<String, String> tok = tokens.tokens(users.subList(0, sessions));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        System.out.println("ready");
        await(in, "go");
        long t0 = System.nanoTime();
        try (WsClient client = new WsClient(1)) {
            connectAll(client, url, users, tok, tokens, sessions, concurrency, sources);
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.println("connected " + held.size() + " " + secs + " " + redirected.sum() + " " + throttled.sum()
                    + " " + counts(refused)
                    + " " + Codec.encode(connect));
            await(in, "stop");
            Heartbeats hb = heartbeats;
            if (hb != null) {
                hb.close();
            }
            long open = held.stream().filter(WsSession::open).count();
            System.out.println("held " + open + " " + counts(dropped));
            held.forEach(WsSession::close);
            Thread.sleep(500);
        }
    }

    private void connectAll(
            WsClient client,
            URI url,
            List<String> users,
            Map<String, String> tok,
            TokenSource tokens,
            int sessions,
            int concurrency,
            List<InetAddress> sources) {
        Semaphore inFlight = new Semaphore(concurrency);
        AtomicInteger next = new AtomicInteger();
        // In flight, or throttled and waiting for its retry.
        AtomicInteger pending = new AtomicInteger();
        Queue<String> again = new ConcurrentLinkedQueue<>();
        ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "retry-throttled");
            t.setDaemon(true);
            return t;
        });
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            int need = sessions - held.size() - pending.get();
            String retry = need > 0 ? again.poll() : null;
            int i = next.get();
            if (retry == null && (need <= 0 || i >= users.size())) {
                if (pending.get() == 0 && again.isEmpty()) {
                    break;
                }
                sleep(20);
                continue;
            }
            inFlight.acquireUninterruptibly();
            String user = retry != null ? retry : users.get(next.getAndIncrement());
            pending.incrementAndGet();
            String token =
                    tok.computeIfAbsent(user, u -> tokens.tokens(List.of(u)).get(u));
            InetAddress source = sources.isEmpty() ? null : sources.get(i % sources.size());
            long start = System.nanoTime();
            client.connect(url, token, "cap", source, 30_000, this).whenComplete((o, e) -> {
                inFlight.release();
                if (o != null && o.kind() == Outcome.Kind.CLOSED && o.code() == THROTTLED) {
                    // The gateway's connect rate: back off with jitter and try the same user again,
                    // as a real client does after any close.
                    throttled.increment();
                    later.schedule(
                            () -> {
                                again.add(user);
                                pending.decrementAndGet();
                            },
                            250 + ThreadLocalRandom.current().nextInt(750),
                            TimeUnit.MILLISECONDS);
                    return;
                }
                outcome(o, System.nanoTime() - start);
                pending.decrementAndGet();
            });
        }
        later.shutdownNow();
    }

    /**
     * From the first welcome on, over every session held so far and to come: a connect phase of 19,000
     * sessions lasts longer than the gateway's idle timeout, so pinging only once all are in would
     * let the first ones be closed.
     */
    private synchronized void startHeartbeats(long heartbeatMillis) {
        if (heartbeats == null) {
            heartbeats = new Heartbeats(held, Heartbeats.intervalFor(heartbeatMillis));
        }
    }

    private void outcome(Outcome o, long nanos) {
        switch (o.kind()) {
            case WELCOME -> {
                connect.recordValue(Math.min(nanos, connect.getHighestTrackableValue()));
                held.add(o.session());
                startHeartbeats(o.heartbeatMillis());
            }
            case REDIRECT -> redirected.increment();
            case CLOSED ->
                refused.computeIfAbsent(String.valueOf(o.code()), c -> new LongAdder())
                        .increment();
            case FAILED ->
                refused.computeIfAbsent("handshake", c -> new LongAdder()).increment();
        }
    }

    @Override
    public void onFrame(WsSession session, Frame f, long nanos) {}

    @Override
    public void onClosed(WsSession session, int code) {
        dropped.computeIfAbsent(String.valueOf(code), c -> new LongAdder()).increment();
    }

    /** {@code code=count,code=count} (or {@code -}). */
    static String counts(Map<String, LongAdder> m) {
        StringBuilder s = new StringBuilder();
        m.forEach((k, v) ->
                s.append(s.length() == 0 ? "" : ",").append(k).append('=').append(v.sum()));
        return s.length() == 0 ? "-" : s.toString();
    }

    private static void await(BufferedReader in, String word) throws java.io.IOException {
        String line;
        while ((line = in.readLine()) != null) {
            if (line.trim().equals(word)) {
                return;
            }
        }
        System.exit(0); // the parent is gone
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
