// A little real traffic for ops/scrape-check.sh: a few sender/recipient pairs connect to a local
// cluster started with `./im up` (test tokens from GET /dev/token, local profile only), follow
// `redirect` to the owning gateway, send messages and wait for every `accepted` and every pushed
// `message`. JDK only (java.net.http), run as a single source file:
//
//   java ops/tools/ImTraffic.java [gatewayBaseUrl=http://127.0.0.1:8081] [pairs=4] [messagesPerPair=25]
//
// Exit 0 when every message was accepted and delivered within 60 s, 1 otherwise.
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class ImTraffic {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://127.0.0.1:8081";
        int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int perPair = args.length > 2 ? Integer.parseInt(args[2]) : 25;
        String run = Long.toString(System.currentTimeMillis(), 36);
        int total = pairs * perPair;
        CountDownLatch accepted = new CountDownLatch(total);
        CountDownLatch delivered = new CountDownLatch(total);
        List<Conn> conns = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            Conn to = Conn.open(base, "ops-b" + i, null, delivered);
            Conn from = Conn.open(base, "ops-a" + i, accepted, null);
            conns.add(to);
            conns.add(from);
            for (int k = 0; k < perPair; k++) {
                from.send("{\"type\":\"send\",\"to\":\"ops-b" + i + "\",\"clientMsgId\":\"" + run + "-" + i + "-" + k
                        + "\",\"body\":\"scrape-check " + k + "\"}");
            }
        }
        boolean ok = accepted.await(60, TimeUnit.SECONDS) & delivered.await(60, TimeUnit.SECONDS);
        System.out.printf(
                "traffic: %d pairs, sent %d, accepted %d, delivered %d, gateways used %s%n",
                pairs, total, total - accepted.getCount(), total - delivered.getCount(),
                conns.stream().map(c -> c.node).distinct().sorted().toList());
        for (Conn c : conns) {
            c.close();
        }
        System.exit(ok ? 0 : 1);
    }

    /** The URL with the token added; a redirect's URL already names the device asked for. */
    static String withToken(String url, String token) {
        String device = url.contains("?") ? "&" : "?device=ops&";
        return url + device + "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    static final class Conn implements WebSocket.Listener {
        final CountDownLatch accepted;
        final CountDownLatch delivered;
        final CompletableFuture<String> welcome = new CompletableFuture<>();
        final StringBuilder partial = new StringBuilder();
        final AtomicInteger sent = new AtomicInteger();
        volatile WebSocket ws;
        volatile String node;
        CompletableFuture<WebSocket> sending = null;

        Conn(CountDownLatch accepted, CountDownLatch delivered) {
            this.accepted = accepted;
            this.delivered = delivered;
        }

        static Conn open(String base, String user, CountDownLatch accepted, CountDownLatch delivered)
                throws Exception {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create(base + "/dev/token?user=" + user)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String token = field(r.body(), "token");
            if (r.statusCode() != 200 || token == null) {
                throw new IllegalStateException("no token from " + base + "/dev/token: " + r.statusCode());
            }
            String url = base.replaceFirst("^http", "ws") + "/ws";
            for (int hop = 0; hop < 5; hop++) {
                Conn c = new Conn(accepted, delivered);
                c.ws = HTTP.newWebSocketBuilder()
                        .buildAsync(URI.create(withToken(url, token)), c)
                        .get(10, TimeUnit.SECONDS);
                String first = c.welcome.get(10, TimeUnit.SECONDS);
                if (first.contains("\"type\":\"welcome\"")) {
                    c.node = field(first, "node");
                    return c;
                }
                url = field(first, "url"); // redirect to the owner
                if (url == null) {
                    throw new IllegalStateException("redirect without url: " + first);
                }
            }
            throw new IllegalStateException("too many redirects for " + user);
        }

        synchronized void send(String frame) {
            // One outstanding sendText at a time (java.net.http.WebSocket's rule).
            sending = (sending == null ? CompletableFuture.completedFuture(ws) : sending)
                    .thenCompose(w -> w.sendText(frame, true));
            sent.incrementAndGet();
        }

        void close() {
            try {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                ws.abort();
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                if (!welcome.isDone()) {
                    welcome.complete(frame);
                } else if (frame.contains("\"type\":\"accepted\"") && accepted != null) {
                    accepted.countDown();
                } else if (frame.contains("\"type\":\"message\"") && delivered != null) {
                    delivered.countDown();
                } else if (frame.contains("\"type\":\"error\"")) {
                    System.err.println("error frame: " + frame);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            welcome.complete("{\"type\":\"closed\",\"code\":" + statusCode + "}");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            welcome.completeExceptionally(error);
        }
    }
}
