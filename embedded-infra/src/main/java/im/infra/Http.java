package im.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A tiny blocking HTTP client for tests and the local launcher. */
public final class Http {

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Http() {}

    /** The answer to {@code GET url}: status and body. */
    public static Response get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    /** {@code GET url}, waiting up to {@code timeout} for the answer (the default is 10 s). */
    public static Response get(String url, Duration timeout) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().timeout(timeout));
    }

    /** The answer to {@code PUT url} without a body. */
    public static Response put(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.noBody()));
    }

    /** The answer to {@code DELETE url}. */
    public static Response delete(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).DELETE());
    }

    /**
     * The answer to {@code method url} (no body) with {@code Authorization: Bearer <token>}, as the admin
     * endpoints ({@code /admin/**}) require; a null token sends no {@code Authorization} header.
     */
    public static Response withToken(String method, String url, String token) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    /** {@code GET url} with the admin token. */
    public static Response getAdmin(String url, String token) {
        return withToken("GET", url, token);
    }

    private static Response send(HttpRequest.Builder request) {
        HttpRequest built = request.build();
        if (built.timeout().isEmpty()) {
            built = request.timeout(Duration.ofSeconds(10)).build();
        }
        String what = built.method() + " " + built.uri();
        try {
            HttpResponse<String> r = CLIENT.send(built, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An HTTP answer. */
    public record Response(int status, String body, Map<String, List<String>> headers) {

        /** The first value of header {@code name} (case-insensitive), or null. */
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e ->
                            e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }
}
