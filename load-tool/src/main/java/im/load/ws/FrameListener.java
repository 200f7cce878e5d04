package im.load.ws;

/** Receives a session's frames after its {@code welcome}, on the session's event-loop thread. */
public interface FrameListener {

    /** {@code f} is reused after this returns; {@code nanos} is {@link System#nanoTime()} at arrival. */
    void onFrame(WsSession session, Frame f, long nanos);

    /** The connection ended: the server's close code, or 1006 when it closed without a close frame. */
    default void onClosed(WsSession session, int code) {}
}
