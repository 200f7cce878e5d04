package im.system.security;

import static org.assertj.core.api.Assertions.assertThat;

import im.infra.TestTokens;
import im.infra.local.ServiceSpec;
import im.system.support.TestClient;
import im.system.support.TestCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Who gets in where, across the running services: every client-facing operation authenticated with
 * the user's token and authorized (no token 401, someone else's 403, the right one 2xx), tokens of the
 * identity provider's key set accepted on the WebSocket and REST, and no secret in any answer of any
 * endpoint or in any log line.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientSecurityIT {

    static final Duration WAIT = Duration.ofSeconds(20);

    private final SecuredCluster secured = SecuredCluster.get();
    private final TestCluster cluster = secured.cluster;

    private String group(String path) {
        return cluster.groupUrl() + path;
    }

    private String presence(String path) {
        return cluster.presenceUrl() + path;
    }

    private static String token(String user) {
        return TestTokens.mint(user);
    }

    private static String user(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void expect(Rest.Answer a, int status, String what) {
        assertThat(a.status()).as(what + ": " + a.body()).isEqualTo(status);
        if (status >= 400) {
            assertThat(a.contentType()).as(what).startsWith("application/problem+json");
        }
    }

    @Test
    @Order(1)
    void everyGroupOperationNeedsTheTokenAndTheRightRole() {
        String owner = user("olga");
        String member = user("mia");
        String outsider = user("otto");
        expect(Rest.call("POST", group("/groups"), null, "{\"name\":\"team\"}"), 401, "create without a token");
        Rest.Answer created = Rest.call("POST", group("/groups"), token(owner), "{\"name\":\"team\"}");
        expect(created, 201, "create");
        assertThat(created.json().path("owner").asString()).isEqualTo(owner);
        String g = created.json().path("id").asString();
        String members = "/groups/" + g + "/members";

        expect(Rest.call("PUT", group(members + "/" + member), null, null), 401, "add without a token");
        expect(Rest.call("PUT", group(members + "/" + member), token(outsider), null), 403, "add by an outsider");
        expect(Rest.call("PUT", group(members + "/" + member), token(owner), null), 200, "add by the owner");
        expect(Rest.call("PUT", group(members + "/" + outsider), token(member), null), 403, "add by a member");

        String batch = "{\"users\":[\"" + user("a") + "\",\"" + user("b") + "\"]}";
        expect(Rest.call("POST", group(members), null, batch), 401, "batch without a token");
        expect(Rest.call("POST", group(members), token(member), batch), 403, "batch by a member");
        expect(Rest.call("POST", group(members), token(owner), batch), 200, "batch by the owner");

        for (String read : List.of("/groups/" + g, members)) {
            expect(Rest.call("GET", group(read), null, null), 401, read + " without a token");
            expect(Rest.call("GET", group(read), token(outsider), null), 403, read + " by an outsider");
            expect(Rest.call("GET", group(read), token(member), null), 200, read + " by a member");
        }
        expect(Rest.call("GET", group("/me/groups"), null, null), 401, "my groups without a token");
        Rest.Answer mine = Rest.call("GET", group("/me/groups"), token(member), null);
        expect(mine, 200, "my groups");
        assertThat(mine.json().get(0).path("groupId").asString()).isEqualTo(g);

        expect(Rest.call("DELETE", group(members + "/" + member), null, null), 401, "remove without a token");
        expect(Rest.call("DELETE", group(members + "/" + member), token(outsider), null), 403, "remove by an outsider");
        expect(
                Rest.call("DELETE", group(members + "/" + owner), token(member), null),
                403,
                "a member removes the owner");
        expect(Rest.call("DELETE", group(members + "/" + member), token(member), null), 204, "a member leaves");
        expect(Rest.call("GET", group("/groups/" + g), token(member), null), 403, "read after leaving");
    }

    @Test
    @Order(2)
    void presenceAndBlocksNeedTheTokenAndEveryoneEditsOnlyTheirOwnList() throws Exception {
        String ann = user("ann");
        String bob = user("bob");
        for (String read : List.of("/presence/" + bob, "/presence?users=" + bob + "," + ann, "/me/blocks")) {
            expect(Rest.call("GET", presence(read), null, null), 401, read + " without a token");
            expect(Rest.call("GET", presence(read), token(ann), null), 200, read);
        }
        assertThat(Rest.call("GET", presence("/presence/" + bob), token(ann), null)
                        .json()
                        .has("sessions"))
                .as("clients see devices, not the nodes that hold them")
                .isFalse();
        expect(Rest.call("PUT", presence("/me/blocks/" + bob), null, null), 401, "block without a token");
        expect(Rest.call("PUT", presence("/me/blocks/" + bob), token(ann), null), 200, "block");
        assertThat(Rest.call("GET", presence("/me/blocks"), token(ann), null)
                        .json()
                        .path("blocked")
                        .get(0)
                        .asString())
                .isEqualTo(bob);
        assertThat(Rest.call("GET", presence("/me/blocks"), token(bob), null)
                        .json()
                        .path("blocked"))
                .as("bob's own list: ann's block is not his to see")
                .isEmpty();
        expect(Rest.call("DELETE", presence("/me/blocks/" + bob), null, null), 401, "unblock without a token");
        expect(Rest.call("DELETE", presence("/me/blocks/" + bob), token(ann), null), 200, "unblock");
        expect(
                Rest.call("GET", presence("/presence/subscribe?users=" + bob), null, null),
                401,
                "stream without a token");
        assertThat(firstStatusEvent(presence("/presence/subscribe?users=" + bob + "&access_token=" + token(ann))))
                .contains("\"userId\":\"" + bob + "\"");
    }

    @Test
    @Order(3)
    void aTokenOfTheIdentityProvidersKeySetOpensAWebSocketAndCallsTheRestApis() {
        String carol = cluster.userOn("gw-1", "carol");
        String rs256 = secured.idp.token(carol);
        try (TestClient c = TestClient.connect(cluster.wsUrl("gw-1"), rs256, "phone")) {
            JsonNode welcome = c.awaitType("welcome", WAIT);
            assertThat(welcome.path("userId").asString()).isEqualTo(carol);
        }
        Rest.Answer created = Rest.call("POST", group("/groups"), rs256, "{\"name\":\"rsa\"}");
        expect(created, 201, "create with an RS256 token");
        assertThat(created.json().path("owner").asString()).isEqualTo(carol);
        expect(Rest.call("GET", presence("/me/blocks"), rs256, null), 200, "blocks with an RS256 token");
        // A key the provider does not publish is refused like a forgery.
        try (TestClient c = TestClient.connect(cluster.wsUrl("gw-1"), new KeySetServer().token(carol), "phone")) {
            assertThat(c.closeCode(WAIT)).isEqualTo(4401);
        }
    }

    @Test
    @Order(4)
    void theWebSocketRefusesMissingForgedAndExpiredTokens() {
        String url = cluster.wsUrl("gw-1");
        try (TestClient c = TestClient.connectTo(url + "?device=d", null)) {
            assertThat(c.closeCode(WAIT)).isEqualTo(4401);
        }
        String forged = TestTokens.mint(
                "another-key-of-at-least-32-bytes-xxxx", "mallory", java.time.Instant.now(), Duration.ofMinutes(5));
        try (TestClient c = TestClient.connect(url, forged, "d")) {
            assertThat(c.closeCode(WAIT)).isEqualTo(4401);
        }
        String expired =
                TestTokens.mint("late", java.time.Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1));
        try (TestClient c = TestClient.connect(url, expired, "d")) {
            assertThat(c.closeCode(WAIT)).isEqualTo(4402);
        }
    }

    @Test
    @Order(10)
    void noAnswerOfAnyEndpointAndNoLogLineCarriesASecret() throws IOException {
        List<String> answers = new ArrayList<>(exerciseEveryEndpoint());
        answers.addAll(Rest.SEEN);
        List<String> needles = needles(secured.secrets());
        for (String answer : answers) {
            for (String needle : needles) {
                assertThat(answer).as("an answer carries a secret").doesNotContain(needle);
            }
        }
        try (Stream<Path> logs = Files.list(cluster.logs())) {
            for (Path log : logs.toList()) {
                String text = Files.readString(log, StandardCharsets.UTF_8);
                for (String needle : needles) {
                    assertThat(text).as(log + " carries a secret").doesNotContain(needle);
                }
            }
        }
        System.out.printf(
                "[security] %d answers and the logs of %s scanned for %d secret forms: none%n",
                answers.size(), cluster.logs(), needles.size());
    }

    /** Each secret as it is and in the Base64 forms a careless log line would show. */
    static List<String> needles(List<String> secrets) {
        List<String> out = new ArrayList<>();
        for (String s : secrets) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.add(s);
            out.add(Base64.getEncoder().encodeToString(b));
            out.add(Base64.getUrlEncoder().withoutPadding().encodeToString(b));
        }
        return out;
    }

    /**
     * Calls every endpoint a service serves: the client API (from each service's API document, with no
     * token, a user's token and the operators' token sent where it does not belong), Actuator and the
     * admin and internal APIs on the management ports (no token, wrong token, right token).
     */
    private List<String> exerciseEveryEndpoint() {
        List<String> seen = new ArrayList<>();
        String admin = secured.infra.adminToken();
        String internal = secured.infra.internalToken();
        for (ServiceSpec s : cluster.processes().running()) {
            JsonNode paths = Rest.call("GET", s.baseUrl() + "/v3/api-docs", null, null)
                    .json()
                    .path("paths");
            for (var e : paths.properties()) {
                String path = e.getKey().replaceAll("\\{[^}]+}", "x1");
                for (var op : e.getValue().properties()) {
                    String method = op.getKey().toUpperCase(java.util.Locale.ROOT);
                    for (String t : new String[] {null, token("scan-user"), admin, internal}) {
                        seen.add(Rest.call(method, s.baseUrl() + path, t, method.equals("GET") ? null : "{\"x\":1}")
                                .all());
                    }
                }
            }
            JsonNode links = Rest.call("GET", s.managementUrl() + "/actuator", admin, null)
                    .json()
                    .path("_links");
            for (var link : links.properties()) {
                String href = link.getValue().path("href").asString();
                if (!link.getValue().path("templated").asBoolean()) {
                    for (String t : new String[] {null, "wrong-" + admin, admin}) {
                        seen.add(Rest.call("GET", href, t, null).all());
                    }
                }
            }
            for (String[] endpoint : mappings(s, admin)) {
                String method = endpoint[0];
                String body = method.equals("GET") || method.equals("DELETE") ? null : "{\"x\":1}";
                for (String base : new String[] {s.baseUrl(), s.managementUrl()}) {
                    for (String t : new String[] {null, "wrong-" + admin, admin, internal}) {
                        // The right token on a drain would drain the cluster's gateway; its refusals are scanned.
                        if (!(endpoint[1].equals("/admin/drain") && method.equals("POST") && admin.equals(t))) {
                            seen.add(Rest.call(method, base + endpoint[1], t, body)
                                    .all());
                        }
                    }
                }
            }
        }
        return seen;
    }

    /**
     * Every endpoint a service maps, on either port, as its own {@code /actuator/mappings} reports
     * them (application and management contexts): method and path, variables filled in.
     */
    private static List<String[]> mappings(ServiceSpec s, String admin) {
        JsonNode contexts = Rest.call("GET", s.managementUrl() + "/actuator/mappings", admin, null)
                .json()
                .path("contexts");
        List<String[]> out = new ArrayList<>();
        for (var context : contexts.properties()) {
            for (var servlet : context.getValue()
                    .path("mappings")
                    .path("dispatcherServlets")
                    .properties()) {
                for (JsonNode m : servlet.getValue()) {
                    JsonNode conditions = m.path("details").path("requestMappingConditions");
                    for (JsonNode pattern : conditions.path("patterns")) {
                        String path =
                                pattern.asString().replaceAll("\\{[^}]+}", "x1").replace("/**", "");
                        if (conditions.path("methods").isEmpty()) {
                            out.add(new String[] {"GET", path});
                        }
                        for (JsonNode method : conditions.path("methods")) {
                            out.add(new String[] {method.asString(), path});
                        }
                    }
                }
            }
        }
        assertThat(out).as(s.name() + " maps its endpoints").isNotEmpty();
        return out;
    }

    /** The first {@code status} event of a presence stream. */
    private static String firstStatusEvent(String url) throws Exception {
        java.net.http.HttpResponse<Stream<String>> r = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofLines());
        assertThat(r.statusCode()).isEqualTo(200);
        try (Stream<String> lines = r.body()) {
            return lines.filter(l -> l.startsWith("data:")).findFirst().orElse("");
        }
    }
}
