package im.gateway.ws;

import im.gateway.session.Connection;
import im.protocol.ErrorCode;
import im.web.error.ErrorMetrics;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendResult;
import java.io.IOException;
import java.util.ArrayDeque;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * {@link Connection} over a WebSocket session. Sends are asynchronous (the container's async remote
 * endpoint), one in flight at a time with the rest queued in order: a thread that delivers to
 * thousands of connections never waits for one client's socket. A client that does not read falls
 * behind; past {@code maxQueuedChars} of unsent frames it is closed with {@code slow_consumer}
 * (it reconnects and syncs: nothing is lost, it is stored).
 *
 * <p>Also holds the parts of an incoming frame while they arrive (the container hands long frames
 * over in pieces, so no connection keeps a frame-sized buffer while idle). Counts every catalogued
 * close it makes, once per connection.
 */
final class WsConnection implements Connection, jakarta.websocket.SendHandler {

    private final WebSocketSession session;
    private final RemoteEndpoint.Async remote;
    private final ErrorMetrics errors;
    private final int maxQueuedChars;
    private final java.util.concurrent.Executor closer;
    private ArrayDeque<String> queue; // guarded by this; allocated when a send must wait
    private int queuedChars; // guarded by this
    private boolean sending; // guarded by this
    private boolean closedByServer; // guarded by this
    private ErrorCode closeAfterSending; // guarded by this: a close waiting for the frame in flight
    private String closeReason; // guarded by this
    private StringBuilder partial; // only the container's thread for this connection touches it

    WsConnection(
            WebSocketSession session,
            ErrorMetrics errors,
            int maxQueuedChars,
            long sendTimeoutMillis,
            java.util.concurrent.Executor closer) {
        this.session = session;
        this.remote = ((NativeWebSocketSession) session)
                .getNativeSession(jakarta.websocket.Session.class)
                .getAsyncRemote();
        // A send the client does not take within this long fails, and the connection is closed.
        this.remote.setSendTimeout(sendTimeoutMillis);
        this.errors = errors;
        this.maxQueuedChars = maxQueuedChars;
        this.closer = closer;
    }

    @Override
    public String id() {
        return session.getId();
    }

    @Override
    public void send(String text) {
        synchronized (this) {
            if (closedByServer) {
                return;
            }
            if (sending) {
                if (queue == null) {
                    queue = new ArrayDeque<>(4);
                }
                if (queuedChars + text.length() > maxQueuedChars) {
                    overflow();
                    return;
                }
                queue.add(text);
                queuedChars += text.length();
                return;
            }
            sending = true;
        }
        start(text);
    }

    /** The previous send finished: start the next one, or the close that waited for it. */
    @Override
    public void onResult(SendResult result) {
        String next;
        ErrorCode close;
        synchronized (this) {
            next = result.isOK() && queue != null ? queue.poll() : null;
            if (next != null) {
                queuedChars -= next.length();
            } else {
                sending = false;
            }
            close = next == null ? closeAfterSending : null;
        }
        if (next != null) {
            start(next);
        } else if (close != null) {
            closer.execute(() -> closeNow(close, closeReason));
        } else if (!result.isOK()) {
            close(ErrorCode.INTERNAL, "send failed");
        }
    }

    private void start(String text) {
        try {
            remote.sendText(text, this);
        } catch (RuntimeException e) {
            synchronized (this) {
                sending = false;
            }
            close(ErrorCode.INTERNAL, "send failed");
        }
    }

    /** Called holding the monitor: the frames queued are dropped, and the connection closes. */
    private void overflow() {
        queue = null;
        queuedChars = 0;
        // Not on this thread: it may be a delivery thread serving everyone, and a close can wait.
        closer.execute(() -> close(ErrorCode.SLOW_CONSUMER, "the client did not read its frames"));
    }

    /**
     * Closes with {@code code}: at once if nothing is being sent, else right after the frames already
     * queued (a {@code redirect} must reach the client before the close that follows it). A client that
     * never takes them is closed when the send times out.
     */
    @Override
    public void close(ErrorCode code, String reason) {
        synchronized (this) {
            if (closedByServer) {
                return;
            }
            closedByServer = true;
            // Counted once, and only if the client can still hear it (not after it went away by itself).
            if (session.isOpen()) {
                errors.count(code);
            }
            if (sending) {
                closeAfterSending = code;
                closeReason = reason;
                return;
            }
        }
        closeNow(code, reason);
    }

    private void closeNow(ErrorCode code, String reason) {
        try {
            session.close(new CloseStatus(code.closeCode(), reason.length() > 120 ? reason.substring(0, 120) : reason));
        } catch (IOException | RuntimeException e) {
            // already gone
        }
    }

    /** Whether this side closed the connection (else the client, or the container, did). */
    synchronized boolean closedByServer() {
        return closedByServer;
    }

    @Override
    public boolean isOpen() {
        return session.isOpen();
    }

    /**
     * Adds a piece of an incoming text frame; the whole frame when {@code last}, else null. Refuses
     * (returns {@link #TOO_LARGE}) once the frame would exceed {@code maxChars}.
     */
    String assemble(String piece, boolean last, int maxChars) {
        if (partial == null && last) {
            return piece.length() > maxChars ? TOO_LARGE : piece;
        }
        if (partial == null) {
            partial = new StringBuilder(Math.min(maxChars, piece.length() * 4));
        }
        if (partial.length() + piece.length() > maxChars) {
            partial = null;
            return TOO_LARGE;
        }
        partial.append(piece);
        if (!last) {
            return null;
        }
        String whole = partial.toString();
        partial = null;
        return whole;
    }

    /** What {@link #assemble} answers for a frame over the limit. */
    static final String TOO_LARGE = new String("frame too large");
}
