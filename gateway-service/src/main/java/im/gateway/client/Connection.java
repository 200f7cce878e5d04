package im.gateway.client;

import im.protocol.ErrorCode;

/**
 * One client connection, as the gateway's logic sees it: send a frame, close with a catalogued
 * error. The WebSocket code lives behind it ({@code im.gateway.ws}), so sessions, heartbeats and
 * delivery can be tested and changed without the transport.
 */
public interface Connection {

    /** An id unique on this node. */
    String id();

    /** Sends one JSON frame. Never throws: a failed send closes the connection. */
    void send(Frame frame);

    /** Closes with the error's WebSocket close code and a short reason. */
    void close(ErrorCode code, String reason);

    boolean isOpen();
}
