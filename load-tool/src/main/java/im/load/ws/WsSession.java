package im.load.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.concurrent.CompletableFuture;

/**
 * One WebSocket connection. Until the first frame it completes {@link #outcome()}; afterwards its
 * frames go to the listener. {@link #attachment} lets a traffic mode hang its per-connection state here.
 */
public final class WsSession {

    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private volatile FrameListener listener;
    private volatile Channel channel;
    private volatile int closeCode;
    private volatile boolean welcomed;
    private volatile boolean closing;
    public volatile Object attachment;

    WsSession(FrameListener listener) {
        this.listener = listener;
    }

    void connecting(Channel ch) {
        this.channel = ch;
    }

    public CompletableFuture<Outcome> outcome() {
        return outcome;
    }

    public void listener(FrameListener l) {
        this.listener = l;
    }

    void frame(Frame f, long nanos) {
        if (!outcome.isDone()) {
            if (f.is("welcome")) {
                welcomed = true;
                outcome.complete(Outcome.welcome(this, f));
                return;
            }
            if (f.is("redirect")) {
                outcome.complete(Outcome.redirect(this, f));
                return;
            }
        }
        listener.onFrame(this, f, nanos);
    }

    void serverClosed(int code) {
        if (closeCode == 0) {
            closeCode = code;
        }
    }

    void channelClosed() {
        int code = closeCode == 0 ? 1006 : closeCode;
        // Only the server ending a session it had welcomed counts as a drop: not a redirect's close,
        // not a close this tool asked for.
        if (!outcome.complete(Outcome.closed(this, code)) && welcomed && !closing) {
            listener.onClosed(this, code);
        }
    }

    void fail(Throwable t) {
        if (outcome.complete(Outcome.failed(this, t)) && channel != null) {
            channel.close();
        }
    }

    /** Sends one text frame (any thread; Netty hands it to the session's event loop). */
    public void send(CharSequence json) {
        Channel ch = channel;
        if (ch != null && ch.isActive()) {
            ByteBuf buf = ByteBufUtil.writeUtf8(ch.alloc(), json);
            ch.writeAndFlush(new TextWebSocketFrame(buf), ch.voidPromise());
        }
    }

    public boolean open() {
        Channel ch = channel;
        return ch != null && ch.isActive();
    }

    /** The code the server closed with (0 while open; 1006 for a close without a close frame). */
    public int closeCode() {
        return closeCode;
    }

    /** Closes normally (1000) and forgets the session. */
    public void close() {
        closing = true;
        Channel ch = channel;
        if (ch != null && ch.isActive()) {
            ch.writeAndFlush(new CloseWebSocketFrame(1000, "bye")).addListener(f -> ch.close());
        }
    }
}
