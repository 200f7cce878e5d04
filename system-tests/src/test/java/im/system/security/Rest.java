package im.system.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** REST calls as a client makes them, every answer kept for the secret scan. */
final class Rest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** An answer: status, body, headers. */
    record Answer(int status, String body, Map<String, List<String>> headers) {

        JsonNode json() {
            return JSON.readTree(body);
        }

        String code() {
            return json().path("code").asString();
        }

        String contentType() {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase("content-type"))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse("");
        }

        /** Everything a caller sees of it, for the secret scan. */
        String all() {
            return status + " " + headers + " " + body;
        }
    }

    /** Every answer received (by any test), for the secret scan. */
    static final List<String> SEEN = java.util.Collections.synchronizedList(new ArrayList<>());

    private Rest() {}

    static Answer call(String method, String url, String token, String body) {
        return call(method, url, token, body, "application/json");
    }

    static Answer call(String method, String url, String token, String body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null && contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            Answer a = new Answer(r.statusCode(), r.body(), r.headers().map());
            SEEN.add(method + " " + url + " -> " + a.all());
            return a;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(method + " " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
