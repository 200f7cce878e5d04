package im.gateway.session;

import im.protocol.ErrorCode;

/**
 * One client connection, as the gateway's logic sees it: send a text frame, close with a catalogued
 * error. The WebSocket code lives behind it ({@code im.gateway.ws}), so sessions, heartbeats and
 * delivery are tested and changed without the transport (tests use an in-memory one).
 *
 * <p>Threading: {@link #send} may be called from any thread and never blocks on the client's socket
 * (a slow client must not hold up a delivery thread shared with everyone else); it queues, and a
 * client that does not keep up is closed.
 */
public interface Connection {

    /** An id unique on this node. */
    String id();

    /** Queues one text frame. Never throws, never blocks on the network: a failed send closes the connection. */
    void send(String text);

    /** Closes with the error's WebSocket close code and a short reason. */
    void close(ErrorCode code, String reason);

    boolean isOpen();
}
