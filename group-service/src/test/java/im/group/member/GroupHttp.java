package im.group.member;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Real HTTP calls to a running group-service in the integration tests: a status and a JSON body. */
final class GroupHttp {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Answer(int status, JsonNode body) {}

    private GroupHttp() {}

    /** {@code method path} on {@code port} with a JSON {@code body} (or none) and a bearer token (or none). */
    static Answer call(int port, String method, String path, String bearer, String body) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            r.header("Authorization", "Bearer " + bearer);
        }
        try {
            HttpResponse<String> a = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(a.statusCode(), a.body().isEmpty() ? null : JSON.readTree(a.body()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
