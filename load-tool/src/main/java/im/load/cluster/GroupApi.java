package im.load.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * group-service's REST API, the only calls the tool makes to it. The acting user is the one whose
 * bearer token the request carries, as for any client.
 */
public final class GroupApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final int BATCH = 1000;

    private final String url;
    private final Function<String, String> tokenOf;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public GroupApi(String url, Function<String, String> tokenOf) {
        this.url = url;
        this.tokenOf = tokenOf;
    }

    /** Creates a group owned by {@code owner}; returns its id. */
    public String create(String owner, String name) {
        return call("/groups", owner, Map.of("name", name), 201).get("id").asString();
    }

    /** Adds {@code users} as members, in batches of 1,000 (the API's limit per call). */
    public void addMembers(String actor, String group, List<String> users) {
        for (int i = 0; i < users.size(); i += BATCH) {
            List<String> batch = users.subList(i, Math.min(users.size(), i + BATCH));
            call("/groups/" + group + "/members", actor, Map.of("users", batch, "role", "MEMBER"), 200);
        }
    }

    private JsonNode call(String path, String actor, Object body, int expected) {
        HttpRequest r = HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + tokenOf.apply(actor))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        try {
            HttpResponse<String> a = http.send(r, HttpResponse.BodyHandlers.ofString());
            if (a.statusCode() != expected && a.statusCode() / 100 != 2) {
                throw new IllegalStateException("POST " + path + " answered " + a.statusCode() + ": " + a.body());
            }
            return a.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(a.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("POST " + url + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
