package im.load.ws;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * How much CPU the load generator's own WebSocket client costs per message, Netty against the JDK's
 * {@code java.net.http.WebSocket}: the measurement behind the tool's choice (docs/benchmarks.md). Not a
 * test; run by hand:
 *
 * <pre>
 * java -cp ... im.load.ws.ClientCostProbe server 9555 &amp;
 * java -cp ... im.load.ws.ClientCostProbe netty|jdk ws://127.0.0.1:9555/ws 200 5000 20
 * </pre>
 *
 * The server answers every {@code send} with an {@code accepted} to the sender and a {@code message}
 * push to the partner connection (index xor 1), frames shaped like the gateway's. The client opens N
 * connections, sends at R msg/s for T s on an open-loop schedule and prints its own process CPU (from
 * /proc/self/stat) per message, the two frames it received for it included.
 */
public final class ClientCostProbe {

    public static void main(String[] a) throws Exception {
        if (a[0].equals("server")) {
            server(Integer.parseInt(a[1]));
            return;
        }
        URI url = URI.create(a[1]);
        int n = Integer.parseInt(a[2]);
        int rate = Integer.parseInt(a[3]);
        int seconds = Integer.parseInt(a[4]);
        LongAdder received = new LongAdder();
        List<Consumer<String>> senders = a[0].equals("netty") ? netty(url, n, received) : jdk(url, n, received);
        Thread.sleep(2000);
        long cpu0 = cpuTicks(), t0 = System.nanoTime();
        long total = (long) rate * seconds;
        for (long i = 0; i < total; i++) {
            long due = t0 + i * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            senders.get((int) (i % n))
                    .accept("{\"type\":\"send\",\"to\":\"x\",\"clientMsgId\":\"run.s1." + i + "\",\"body\":\"s1:" + i
                            + ":" + due + "\"}");
        }
        Thread.sleep(2000);
        double cpuMs = (cpuTicks() - cpu0) * 10.0;
        System.out.printf(
                "%s: %d connections, %d msg/s for %d s: %d frames received, process CPU %.0f ms = %.3f ms"
                        + " per message (%.1f%% of a core)%n",
                a[0], n, rate, seconds, received.sum(), cpuMs, cpuMs / total, cpuMs / 10 / (seconds + 2));
        System.exit(0);
    }

    private static List<Consumer<String>> netty(URI url, int n, LongAdder received) {
        WsClient client = new WsClient(1);
        FrameListener l = (s, f, nanos) -> received.increment();
        List<Consumer<String>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            WsSession s =
                    client.connect(url, "t", "d" + i, null, 10_000, l).join().session();
            out.add(s::send);
        }
        return out;
    }

    private static List<Consumer<String>> jdk(URI url, int n, LongAdder received) {
        HttpClient http = HttpClient.newHttpClient();
        List<Consumer<String>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            WebSocket ws = http.newWebSocketBuilder()
                    .buildAsync(url, new WebSocket.Listener() {
                        private final StringBuilder partial = new StringBuilder();
                        private final Frame frame = new Frame();

                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            partial.append(data);
                            if (last) {
                                byte[] b = partial.toString().getBytes(StandardCharsets.UTF_8);
                                FrameParser.parse(b, 0, b.length, frame);
                                received.increment();
                                partial.setLength(0);
                            }
                            w.request(1);
                            return null;
                        }
                    })
                    .join();
            out.add(json -> {
                synchronized (ws) { // one outstanding send at a time, as the JDK client requires
                    ws.sendText(json, true).join();
                }
            });
        }
        return out;
    }

    private static void server(int port) throws InterruptedException {
        List<Channel> conns = new CopyOnWriteArrayList<>();
        new ServerBootstrap()
                .group(new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory()))
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        conns.add(ch);
                        ch.pipeline()
                                .addLast(new HttpServerCodec(), new HttpObjectAggregator(65536))
                                .addLast(new WebSocketServerProtocolHandler("/ws", null, false, 65536, false, true))
                                .addLast(new SimpleChannelInboundHandler<TextWebSocketFrame>() {
                                    @Override
                                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                                            ctx.writeAndFlush(new TextWebSocketFrame("{\"type\":\"welcome\","
                                                    + "\"node\":\"probe\",\"heartbeatMillis\":25000}"));
                                        }
                                    }

                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame f) {
                                        String in = f.text();
                                        String id =
                                                in.substring(in.indexOf("clientMsgId") + 14, in.indexOf("\",\"body"));
                                        String body = in.substring(in.indexOf("body") + 7, in.length() - 2);
                                        ctx.writeAndFlush(
                                                new TextWebSocketFrame("{\"type\":\"accepted\",\"clientMsgId\":\""
                                                        + id
                                                        + "\",\"id\":\"0190f1c2-7d3e-7abc-8def-0123456789ab\",\"conv\":\"d:a:b\","
                                                        + "\"seq\":1,\"storedAt\":1700000000000}"));
                                        int me = conns.indexOf(ctx.channel());
                                        Channel partner = conns.get(Math.min(conns.size() - 1, me ^ 1));
                                        partner.writeAndFlush(new TextWebSocketFrame("{\"type\":\"message\",\"id\":"
                                                + "\"0190f1c2-7d3e-7abc-8def-0123456789ab\",\"conv\":\"d:a:b\",\"seq\":1,"
                                                + "\"from\":\"a\",\"to\":\"b\",\"clientMsgId\":\"" + id
                                                + "\",\"body\":\""
                                                + body + "\",\"sentAt\":1700000000000,\"storedAt\":1700000000001}"));
                                    }
                                });
                    }
                })
                .bind(port)
                .sync();
        Thread.currentThread().join();
    }

    private static long cpuTicks() throws java.io.IOException {
        String s = Files.readString(Path.of("/proc/self/stat"));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
