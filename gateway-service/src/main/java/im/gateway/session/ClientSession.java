package im.gateway.session;

import im.contracts.presence.SessionInfo;
import im.protocol.ErrorCode;
import im.protocol.frame.FrameCodec;
import im.protocol.frame.ServerFrame;
import im.web.error.ErrorMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One authenticated connection and everything the gateway keeps for it: who and which device, its send
 * budget, what it was given per conversation (messages, and how far the other participant has them),
 * the users it watches, when it last spoke. Created by
 * {@link SessionRegistry#open}, ended only by {@link SessionRegistry#close}, which undoes all of it.
 *
 * <p>Threading: fields are touched by the connection's container thread (its frames), the queue
 * consumers (deliveries) and the scheduler (idle check); each mutable part is guarded by this object's
 * monitor and kept small, so no caller waits on another for long. Kept lean on purpose: a gateway
 * holds tens of thousands of these.
 */
public final class ClientSession {

    private final Connection connection;
    private final SessionInfo info;
    private final String userId;
    private final ErrorMetrics errors;
    private volatile long lastFrameMillis;
    private boolean closed;

    // Token bucket of sends (guarded by this).
    private double tokens;
    private long tokensAtNanos;

    // Highest sequence given per conversation: a push, its own 'accepted', or a sync page (guarded by this).
    private Map<String, Long> given;

    // Highest 'delivered' seq pushed per conversation (guarded by this); null until the first one.
    private Map<String, Long> peerDelivered;

    // Users whose status this connection watches (guarded by this).
    private Set<String> watched;

    // Sends handed to routing and not answered yet: clientMsgId → System.nanoTime() when (guarded by
    // this); null while there are none, as for almost every idle connection.
    private Map<String, Long> unanswered;

    ClientSession(Connection connection, String userId, SessionInfo info, ErrorMetrics errors, double burst, long now) {
        this.connection = connection;
        this.userId = userId;
        this.info = info;
        this.errors = errors;
        this.tokens = burst;
        this.tokensAtNanos = System.nanoTime();
        this.lastFrameMillis = now;
    }

    public String id() {
        return info.sessionId();
    }

    public String userId() {
        return userId;
    }

    public String device() {
        return info.device();
    }

    public SessionInfo info() {
        return info;
    }

    public Instant since() {
        return info.since();
    }

    public Connection connection() {
        return connection;
    }

    /** Sends {@code frame}; an {@code error} frame is counted by its code. */
    public void send(ServerFrame frame) {
        if (frame instanceof ServerFrame.Error e) {
            try {
                errors.count(ErrorCode.fromCode(e.code()));
            } catch (IllegalArgumentException notCatalogued) {
                // only catalogued codes are sent; nothing to count otherwise
            }
        }
        connection.send(FrameCodec.encode(frame));
    }

    /** Sends a frame already written (a push from the node queue: the same text for every device). */
    public void sendText(String text) {
        connection.send(text);
    }

    /** Any frame from the client resets the idle timer. */
    public void touch(long nowMillis) {
        lastFrameMillis = nowMillis;
    }

    public long lastFrameMillis() {
        return lastFrameMillis;
    }

    /**
     * Takes one send from the budget: {@code rate} per second on average, bursts up to {@code burst};
     * false when it is spent.
     */
    public synchronized boolean allowSend(double ratePerSecond, double burst) {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - tokensAtNanos) * ratePerSecond / 1e9);
        tokensAtNanos = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /**
     * Records {@code seq} of {@code conversation} as given to this connection; false if it (or a later
     * one) already was. What makes a re-forwarded message invisible: each connection gets it once.
     */
    public synchronized boolean advance(String conversation, long seq) {
        if (given == null) {
            given = new HashMap<>(4);
        }
        Long before = given.get(conversation);
        if (before != null && before >= seq) {
            return false;
        }
        given.put(conversation, seq);
        return true;
    }

    /** The highest sequence given to this connection in {@code conversation} (0 if none). */
    public synchronized long given(String conversation) {
        Long seq = given == null ? null : given.get(conversation);
        return seq == null ? 0 : seq;
    }

    /**
     * Records {@code seq} as the other participant's delivered value pushed to this connection in
     * {@code conversation}; false if it (or a higher one) already was, so a connection never sees that
     * value move back, whatever order notices arrive in (during a rebalance of routing's receipt
     * consumers, two instances may each send one for the same conversation).
     */
    public synchronized boolean advancePeerDelivered(String conversation, long seq) {
        if (peerDelivered == null) {
            peerDelivered = new HashMap<>(4);
        }
        Long before = peerDelivered.get(conversation);
        if (before != null && before >= seq) {
            return false;
        }
        peerDelivered.put(conversation, seq);
        return true;
    }

    /** Starts watching {@code user}; false if it already was. */
    public synchronized boolean watch(String user) {
        if (watched == null) {
            watched = new HashSet<>(4);
        }
        return watched.add(user);
    }

    public synchronized boolean unwatch(String user) {
        return watched != null && watched.remove(user);
    }

    /** The users watched, emptied: for the close. */
    public synchronized Set<String> takeWatched() {
        Set<String> out = watched == null ? Set.of() : watched;
        watched = null;
        return out;
    }

    /** Records a send handed to routing at {@code nanos}, until {@link #answered} or {@link #takeOverdue}. */
    public synchronized void awaitAnswer(String clientMsgId, long nanos) {
        if (unanswered == null) {
            unanswered = new HashMap<>(4);
        }
        unanswered.putIfAbsent(clientMsgId, nanos); // a resend keeps the first one's time
    }

    /**
     * The send of {@code clientMsgId} was answered ({@code accepted} or an {@code error}); false if it
     * was not waiting for one (answered already, or never handed to routing).
     */
    public synchronized boolean answered(String clientMsgId) {
        if (unanswered == null || unanswered.remove(clientMsgId) == null) {
            return false;
        }
        if (unanswered.isEmpty()) {
            unanswered = null;
        }
        return true;
    }

    /** Removes and answers the sends handed to routing before {@code cutoffNanos} and still unanswered. */
    public synchronized List<String> takeOverdue(long cutoffNanos) {
        if (unanswered == null) {
            return List.of();
        }
        List<String> overdue = new ArrayList<>();
        unanswered.entrySet().removeIf(e -> {
            boolean late = e.getValue() - cutoffNanos < 0;
            if (late) {
                overdue.add(e.getKey());
            }
            return late;
        });
        if (unanswered.isEmpty()) {
            unanswered = null;
        }
        return overdue;
    }

    /** Whether a send of this connection waits for its answer. */
    public synchronized boolean awaitsAnswers() {
        return unanswered != null;
    }

    /** Marks it closed; true only the first time. */
    synchronized boolean markClosed() {
        if (closed) {
            return false;
        }
        closed = true;
        return true;
    }

    public synchronized boolean isClosed() {
        return closed;
    }
}
