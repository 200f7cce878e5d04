package im.load.ws;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/** Feeds a session's frames, closes and failures to its {@link WsSession}. */
final class SessionHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    private static final ThreadLocal<Frame> FRAME = ThreadLocal.withInitial(Frame::new);
    private static final ThreadLocal<byte[]> BYTES = ThreadLocal.withInitial(() -> new byte[64 * 1024]);

    private final WsSession session;

    SessionHandler(WsSession session) {
        this.session = session;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame msg) {
        long now = System.nanoTime();
        if (msg instanceof TextWebSocketFrame text) {
            ByteBuf c = text.content();
            int n = c.readableBytes();
            byte[] bytes;
            int offset;
            if (c.hasArray()) {
                bytes = c.array();
                offset = c.arrayOffset() + c.readerIndex();
            } else {
                bytes = n <= BYTES.get().length ? BYTES.get() : new byte[n];
                c.getBytes(c.readerIndex(), bytes, 0, n);
                offset = 0;
            }
            session.frame(FrameParser.parse(bytes, offset, n, FRAME.get()), now);
        } else if (msg instanceof CloseWebSocketFrame close) {
            session.serverClosed(close.statusCode() < 0 ? 1005 : close.statusCode());
            ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode() < 0 ? 1000 : close.statusCode(), ""))
                    .addListener(f -> ctx.close());
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            session.fail(new java.util.concurrent.TimeoutException("handshake timeout"));
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        session.channelClosed();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        session.fail(cause);
        ctx.close();
    }
}
