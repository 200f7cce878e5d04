package im.client;

import im.protocol.frame.ClientFrame;
import im.protocol.frame.FrameCodec;
import im.protocol.frame.ServerFrame;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The reference client of docs/protocol.md. It keeps one connection to the gateway that owns its user
 * and hides the failure cases from the application:
 *
 * <ul>
 *   <li><b>Placement</b>: connects to any gateway and follows {@code redirect};
 *   <li><b>Reconnect</b>: after any disconnect, with exponential backoff and full jitter, rotating
 *       over the bootstrap gateways;
 *   <li><b>Sync</b>: at every connect (and once more {@code resyncAfter} later, for messages routed
 *       with a stale location while the cluster noticed the move), and on every gap;
 *   <li><b>Delivery</b>: every conversation reaches {@code onMessage} in sequence order, gap-free,
 *       each message once, the user's own messages included;
 *   <li><b>Sending</b>: a message stays in the outbox until {@code accepted}; it is resent with the
 *       same client message id after a reconnect or {@code resendAfter}, so it is stored once;
 *   <li><b>Receipts</b>: acknowledges what it handed over; tells {@code onDelivered} how far the other
 *       participant of a direct conversation has it, never going back.
 * </ul>
 *
 * All state lives on one thread per client; callbacks run on it.
 */
public final class ImClient implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Set<String> FINAL_ERRORS = Set.of("blocked", "validation_failed", "forbidden");

    private final ImClientBuilder config;
    private final ScheduledExecutorService loop;
    private final Inbox inbox;
    private final Syncer syncer;
    private final Backoff backoff;
    private final PeerDelivered peerDelivered;
    private final Outbox outbox = new Outbox(this::write);

    private CompletableFuture<?> sendChain = CompletableFuture.completedFuture(null);
    private WebSocket ws;
    private long generation;
    private int bootstrap;
    private URI redirectTo;
    private int redirects;
    private volatile String node;
    private volatile boolean connected;
    private volatile boolean closed;
    private String userId;
    private final List<ScheduledFuture<?>> connectionTimers = new ArrayList<>();

    ImClient(ImClientBuilder b) {
        this.config = b;
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "im-client-" + b.device);
            t.setDaemon(true);
            return t;
        });
        this.inbox = new Inbox(b.onMessage, this::onGap);
        this.syncer = new Syncer(inbox, this::write, () -> connected);
        this.backoff = new Backoff(b.backoffBase, b.backoffMax);
        this.peerDelivered = new PeerDelivered(b.onDelivered);
        loop.scheduleWithFixedDelay(this::sendAcks, 200, 200, TimeUnit.MILLISECONDS);
        loop.scheduleWithFixedDelay(this::resendOverdue, 1, 1, TimeUnit.SECONDS);
    }

    public static ImClientBuilder builder() {
        return new ImClientBuilder();
    }

    /** Connects (in the background); the client then stays connected until {@link #close()}. */
    public ImClient start() {
        loop.execute(this::connect);
        return this;
    }

    /** Sends {@code body} to {@code to}; completes with {@link Accepted} once stored, or fails for good. */
    public CompletableFuture<Accepted> send(String to, String body) {
        return enqueue(to, false, body);
    }

    /** Sends {@code body} to the group {@code groupId} (the user must be a member). */
    public CompletableFuture<Accepted> sendToGroup(String groupId, String body) {
        return enqueue(groupId, true, body);
    }

    private CompletableFuture<Accepted> enqueue(String to, boolean group, String body) {
        CompletableFuture<Accepted> result = new CompletableFuture<>();
        String clientMsgId = UUID.randomUUID().toString();
        loop.execute(() -> outbox.add(clientMsgId, to, group, body, result, connected));
        return result;
    }

    /** Asks for everything past what this client has, in every conversation (as at connect). */
    public void syncNow() {
        loop.execute(syncer::all);
    }

    public boolean isConnected() {
        return connected;
    }

    /** The gateway this client is connected to, or the last one. */
    public String node() {
        return node;
    }

    /** Messages sent but not yet {@code accepted}. */
    public int pending() {
        try {
            return loop.submit(outbox::size).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            loop.submit(() -> {
                        closed = true;
                        sendAcks();
                        if (ws != null) {
                            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
                        }
                        outbox.failAll(new IllegalStateException("closed"));
                    })
                    .get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
        loop.shutdown();
    }

    // ---- connection (all on the loop thread) ----

    private void connect() {
        if (closed) {
            return;
        }
        URI target = redirectTo != null ? redirectTo : config.gateways.get(bootstrap++ % config.gateways.size());
        redirectTo = null;
        long gen = ++generation;
        CompletableFuture<WebSocket> opening;
        try {
            opening = HTTP.newWebSocketBuilder()
                    .header("Authorization", "Bearer " + config.token.get())
                    .connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(withDevice(target), new Listener(gen));
        } catch (RuntimeException e) {
            // A failing token supplier or a bad URL must not end the reconnect loop.
            retryLater();
            return;
        }
        opening.whenComplete((w, e) -> loop.execute(() -> {
            if (gen != generation) {
                if (w != null) {
                    w.abort();
                }
            } else if (e != null) {
                retryLater();
            } else {
                ws = w;
            }
        }));
    }

    /** The gateway URL with this client's device (a redirect's URL already names it). */
    private URI withDevice(URI target) {
        String q = target.getRawQuery();
        if (q != null && (q.startsWith("device=") || q.contains("&device="))) {
            return target;
        }
        String device = java.net.URLEncoder.encode(config.device, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");
        return URI.create(target + (q == null ? "?" : "&") + "device=" + device);
    }

    private void retryLater() {
        if (!closed) {
            loop.schedule(this::connect, backoff.nextMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void disconnected(long gen, int code) {
        if (gen != generation) {
            return;
        }
        connected = false;
        ws = null;
        syncer.reset();
        connectionTimers.forEach(t -> t.cancel(false));
        connectionTimers.clear();
        sendChain = CompletableFuture.completedFuture(null);
        if (closed) {
            return;
        }
        if (code == 4307 && redirectTo != null && redirects++ < 5) {
            connect(); // straight to the owner
        } else {
            redirectTo = null;
            retryLater();
        }
    }

    private void onFrame(long gen, ServerFrame f) {
        if (gen != generation || f == null) {
            return; // a frame of an earlier connection, or a kind this client does not know
        }
        if (f instanceof ServerFrame.Welcome w) {
            welcomed(w);
        } else if (f instanceof ServerFrame.Redirect r) {
            redirectTo = r.url() == null ? null : URI.create(r.url());
        } else if (f instanceof ServerFrame.Accepted a) {
            accepted(a);
        } else if (f instanceof ServerFrame.Message m) {
            inbox.offer(Frames.message(m));
        } else if (f instanceof ServerFrame.Messages page) {
            syncer.page(page);
            peerDelivered.page(page, userId);
        } else if (f instanceof ServerFrame.Delivered d) {
            peerDelivered.pushed(d);
        } else if (f instanceof ServerFrame.SyncState state) {
            syncer.state(state);
        } else if (f instanceof ServerFrame.Error e) {
            error(e);
        }
    }

    private void welcomed(ServerFrame.Welcome w) {
        connected = true;
        node = w.node();
        userId = w.userId();
        backoff.reset();
        redirects = 0;
        long heartbeat = w.heartbeatMillis() > 0 ? w.heartbeatMillis() : 25_000;
        String ping = FrameCodec.encode(new ClientFrame.Ping(null));
        connectionTimers.add(
                loop.scheduleWithFixedDelay(() -> write(ping), heartbeat, heartbeat, TimeUnit.MILLISECONDS));
        connectionTimers.add(loop.schedule(syncer::all, config.resyncAfter.toMillis(), TimeUnit.MILLISECONDS));
        // Resend everything not yet accepted, in the order it was sent: duplicates are dropped by id.
        outbox.resendAll();
        syncer.all();
        config.onConnected.accept(node);
    }

    private void accepted(ServerFrame.Accepted f) {
        Accepted a = new Accepted(f.clientMsgId(), f.id(), f.conv(), f.seq());
        Outbox.Pending p = outbox.accepted(a);
        if (p != null) {
            // Our own message takes its place in the conversation like any other.
            inbox.offer(new Message(
                    a.id(), a.conversation(), a.seq(), userId, p.to(), a.clientMsgId(), p.body(), 0, f.storedAt()));
        }
    }

    private void error(ServerFrame.Error f) {
        if (f.clientMsgId() != null && FINAL_ERRORS.contains(f.code())) {
            outbox.refused(f.clientMsgId(), f.code(), f.message());
        }
        // 'unavailable', 'rate_limited' and anything else: the message stays in the outbox and is resent.
    }

    private void onGap(String conversation) {
        syncer.conversation(conversation);
    }

    // ---- periodic ----

    private void sendAcks() {
        if (connected) {
            inbox.takeUnacked().forEach((conv, seq) -> write(FrameCodec.encode(new ClientFrame.Ack(null, conv, seq))));
        }
    }

    private void resendOverdue() {
        if (connected) {
            outbox.resendOlderThan(config.resendAfter);
        }
    }

    /** One frame at a time: the JDK WebSocket refuses a send while the previous one is in progress. */
    private void write(String frame) {
        WebSocket w = ws;
        if (w == null) {
            return;
        }
        sendChain = sendChain.handle((x, e) -> null).thenCompose(x -> w.sendText(frame, true));
    }

    /** Receives on the JDK's threads, handles on the client's thread. */
    private final class Listener implements WebSocket.Listener {
        private final long gen;
        private final StringBuilder partial = new StringBuilder();

        Listener(long gen) {
            this.gen = gen;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    ServerFrame f = FrameCodec.decodeServer(text);
                    loop.execute(() -> onFrame(gen, f));
                } catch (RuntimeException e) {
                    // Not JSON: not from a conforming server; ignore the frame, keep the connection.
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            loop.execute(() -> disconnected(gen, statusCode));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            loop.execute(() -> disconnected(gen, -1));
        }
    }
}
