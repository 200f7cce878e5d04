package im.load.ws;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * The tool's WebSocket client: Netty on a small fixed event loop (NIO: epoll underneath), shared by
 * every session. Thousands of idle sockets cost a few KB each, and a frame costs a read, a streaming
 * parse and no thread hand-off.
 */
public final class WsClient implements AutoCloseable {

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private SslContext sslContext;

    public WsClient(int threads) {
        this.group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                // Small socket buffers: thousands of idle sessions must not pin megabytes of kernel memory.
                .option(ChannelOption.SO_RCVBUF, 32 * 1024)
                .option(ChannelOption.SO_SNDBUF, 32 * 1024);
    }

    /**
     * Opens {@code url} (a gateway's {@code /ws}) as {@code device} with {@code token}, from {@code
     * source} (null: any local address). The future completes with the first frame's outcome; after a
     * {@code welcome}, frames go to {@code listener}.
     */
    public CompletableFuture<Outcome> connect(
            URI url, String token, String device, InetAddress source, long timeoutMillis, FrameListener listener) {
        URI uri = URI.create(url + (url.getQuery() == null ? "?" : "&") + "device=" + device);
        WsSession session = new WsSession(listener);
        DefaultHttpHeaders headers = new DefaultHttpHeaders();
        headers.add("Authorization", "Bearer " + token);
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .version(WebSocketVersion.V13)
                .customHeaders(headers)
                .handleCloseFrames(false) // the handler reads the server's close code itself
                .dropPongFrames(true)
                .handshakeTimeoutMillis(timeoutMillis)
                .maxFramePayloadLength(1 << 20)
                .build();
        boolean tls = "wss".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        SslContext ssl = tls ? ssl() : null;
        Bootstrap b = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                if (ssl != null) {
                    ch.pipeline().addLast(ssl.newHandler(ch.alloc(), uri.getHost(), port));
                }
                ch.pipeline()
                        .addLast(new HttpClientCodec())
                        .addLast(new HttpObjectAggregator(16 * 1024))
                        .addLast(new WebSocketClientProtocolHandler(config))
                        .addLast(new SessionHandler(session));
            }
        });
        InetSocketAddress remote = new InetSocketAddress(uri.getHost(), port);
        ChannelFuture f = source == null ? b.connect(remote) : b.connect(remote, new InetSocketAddress(source, 0));
        session.connecting(f.channel());
        f.addListener(done -> {
            if (!done.isSuccess()) {
                session.fail(done.cause());
            }
        });
        return session.outcome();
    }

    /** One TLS context for every wss:// session: the JDK's provider and trust store. */
    private synchronized SslContext ssl() {
        if (sslContext == null) {
            try {
                sslContext = SslContextBuilder.forClient().build();
            } catch (javax.net.ssl.SSLException e) {
                throw new IllegalStateException("no TLS client context", e);
            }
        }
        return sslContext;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
