package im.system.support;

import im.infra.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** group-service's client-facing REST API, as a client uses it: each call with the acting user's token. */
public final class Groups {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String url;

    public Groups(String url) {
        this.url = url;
    }

    /** Creates a group owned by {@code owner}; returns its id. */
    public String create(String owner, String name) {
        return call("POST", "/groups", owner, JSON.writeValueAsString(java.util.Map.of("name", name)), 201)
                .get("id")
                .asString();
    }

    /** Adds {@code users} (any number; sent in batches of 1,000) as members. */
    public void addAll(String actor, String group, List<String> users) {
        for (int i = 0; i < users.size(); i += 1000) {
            List<String> batch = users.subList(i, Math.min(users.size(), i + 1000));
            call(
                    "POST",
                    "/groups/" + group + "/members",
                    actor,
                    JSON.writeValueAsString(java.util.Map.of("users", batch)),
                    200);
        }
    }

    public void add(String actor, String group, String user) {
        call("PUT", "/groups/" + group + "/members/" + user, actor, null, 200);
    }

    public void remove(String actor, String group, String user) {
        call("DELETE", "/groups/" + group + "/members/" + user, actor, null, 204);
    }

    private JsonNode call(String method, String path, String actor, String body, int expected) {
        HttpRequest r = HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestTokens.mint(actor))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> a = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
            if (a.statusCode() != expected) {
                throw new IllegalStateException(method + " " + path + " answered " + a.statusCode() + ": " + a.body());
            }
            return a.body().isEmpty() ? null : JSON.readTree(a.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
