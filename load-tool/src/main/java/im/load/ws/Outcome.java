package im.load.ws;

/**
 * How a connection attempt ended: {@code welcome} (with the node and heartbeat), {@code redirect} (with
 * the owner's URL), {@code closed} (the server's close code before any frame) or {@code failed} (no
 * WebSocket: refused, handshake error or timeout; code -1).
 */
public record Outcome(
        Kind kind, WsSession session, String node, String url, long heartbeatMillis, int code, String detail) {

    public enum Kind {
        WELCOME,
        REDIRECT,
        CLOSED,
        FAILED
    }

    static Outcome welcome(WsSession s, Frame f) {
        return new Outcome(Kind.WELCOME, s, f.node, null, f.heartbeatMillis, 0, null);
    }

    static Outcome redirect(WsSession s, Frame f) {
        return new Outcome(Kind.REDIRECT, s, f.node, f.url, -1, 4307, null);
    }

    static Outcome closed(WsSession s, int code) {
        return new Outcome(Kind.CLOSED, s, null, null, -1, code, null);
    }

    static Outcome failed(WsSession s, Throwable t) {
        return new Outcome(Kind.FAILED, s, null, null, -1, -1, String.valueOf(t));
    }
}
