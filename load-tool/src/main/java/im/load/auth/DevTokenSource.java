package im.load.auth;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import tools.jackson.databind.json.JsonMapper;

/** Tokens from a gateway's {@code /dev/token}, many requests in flight at once (never one by one). */
final class DevTokenSource implements TokenSource {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String url;
    private final Duration ttl;
    private final int concurrency;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    DevTokenSource(String url, Duration ttl, int concurrency) {
        this.url = url;
        this.ttl = ttl;
        this.concurrency = concurrency;
    }

    @Override
    public Map<String, String> tokens(List<String> users) {
        Semaphore inFlight = new Semaphore(concurrency);
        Map<String, String> out = new ConcurrentHashMap<>();
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (String u : users) {
            inFlight.acquireUninterruptibly();
            all.add(fetch(u).whenComplete((token, e) -> {
                inFlight.release();
                if (token != null) {
                    out.put(u, token);
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        return out;
    }

    private CompletableFuture<String> fetch(String user) {
        HttpRequest r = HttpRequest.newBuilder(
                        URI.create(url + "?user=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&ttl=" + ttl))
                .timeout(Duration.ofSeconds(30))
                .build();
        return http.sendAsync(r, HttpResponse.BodyHandlers.ofString()).thenApply(a -> {
            if (a.statusCode() != 200) {
                throw new IllegalStateException("GET " + r.uri() + " answered " + a.statusCode() + ": " + a.body());
            }
            return JSON.readTree(a.body()).get("token").asString();
        });
    }
}
