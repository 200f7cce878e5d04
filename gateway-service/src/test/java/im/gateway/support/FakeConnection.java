package im.gateway.support;

import im.gateway.session.Connection;
import im.protocol.ErrorCode;
import im.protocol.frame.FrameCodec;
import im.protocol.frame.ServerFrame;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link Connection} in memory for the gateway's unit tests: what was sent, and how it was closed. */
public final class FakeConnection implements Connection {

    private static final AtomicInteger IDS = new AtomicInteger();

    public final List<String> sent = new CopyOnWriteArrayList<>();
    private final String id = "c" + IDS.incrementAndGet();
    private volatile ErrorCode closedWith;

    @Override
    public String id() {
        return id;
    }

    @Override
    public void send(String text) {
        if (closedWith == null) {
            sent.add(text);
        }
    }

    @Override
    public void close(ErrorCode code, String reason) {
        if (closedWith == null) {
            closedWith = code;
        }
    }

    @Override
    public boolean isOpen() {
        return closedWith == null;
    }

    /** How it was closed, or null while open. */
    public ErrorCode closedWith() {
        return closedWith;
    }

    /** The frames sent, read back. */
    public List<ServerFrame> frames() {
        return sent.stream().map(FrameCodec::decodeServer).toList();
    }

    /** The frames of one kind. */
    public <T extends ServerFrame> List<T> frames(Class<T> kind) {
        return frames().stream().filter(kind::isInstance).map(kind::cast).toList();
    }
}
