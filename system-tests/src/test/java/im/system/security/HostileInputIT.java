package im.system.security;

import static org.assertj.core.api.Assertions.assertThat;

import im.infra.TestTokens;
import im.system.support.TestClient;
import im.system.support.TestCluster;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Hostile input against the running services, over the WebSocket and REST: each case gets its
 * documented answer (a catalogued code, the frame's ref and clientMsgId where it had them, a problem
 * without Java names), and after each one the cluster still carries a normal message from a user on
 * one gateway to a user on the other. The bounded fuzz of the REST inputs is {@link RestFuzzIT}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputIT {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final Set<String> CODES = java.util.Arrays.stream(im.protocol.ErrorCode.values())
            .map(im.protocol.ErrorCode::code)
            .collect(Collectors.toSet());

    private final TestCluster cluster = SecuredCluster.get().cluster;
    private String ann;
    private String bob;
    private TestClient annWs;
    private TestClient bobWs;
    private String group;
    private int cases;

    @BeforeAll
    void connect() {
        ann = cluster.userOn("gw-1", "ann");
        bob = cluster.userOn("gw-2", "bob");
        annWs = cluster.connect(ann, "phone");
        bobWs = cluster.connect(bob, "phone");
        group = Rest.call("POST", cluster.groupUrl() + "/groups", TestTokens.mint(bob), "{\"name\":\"theirs\"}")
                .json()
                .path("id")
                .asString();
    }

    @AfterAll
    void close() {
        annWs.close();
        bobWs.close();
        System.out.printf("[hostile] %d cases answered as documented, each followed by a normal message%n", cases);
    }

    /** A normal message still goes from ann (gw-1) to bob (gw-2), stored and pushed. */
    private void stillServes() {
        annWs.sendAndAwaitDelivery(bob, bobWs, WAIT);
        cases++;
    }

    /** Sends {@code text} and checks the error answer that carries {@code refJson} (or any, if null). */
    private JsonNode wsCase(String text, String code, String refJson) {
        annWs.sendRaw(text);
        JsonNode e = annWs.awaitType("error", WAIT);
        assertThat(e.path("code").asString()).as(text).isEqualTo(code);
        if (refJson != null) {
            assertThat(e.path("ref").toString()).as(text).isEqualTo(refJson);
        }
        assertThat(e.path("message").asString()).doesNotContain("Exception").doesNotContain("java.");
        stillServes();
        return e;
    }

    private void wsInvalid(String text) {
        wsCase(text, "validation_failed", null);
    }

    @Test
    void framesOfTheWrongShapeAreMalformedWithTheirRef() {
        wsCase("{\"ref\":7}", "malformed_frame", "7");
        wsCase("{\"type\":5,\"ref\":8}", "malformed_frame", "8");
        wsCase("not json at all", "malformed_frame", null);
        wsCase("[1,2]", "malformed_frame", null);
        wsCase("{\"type\":\"teleport\",\"ref\":\"t\"}", "malformed_frame", "\"t\"");
        wsCase("{\"type\":\"ping\",\"type\":\"send\",\"ref\":9}", "malformed_frame", "9");
        wsCase("{\"type\":\"ping\",\"ref\":" + "[".repeat(30) + "]".repeat(30) + "}", "malformed_frame", null);
        wsCase("{\"type\":\"ping\"} {\"type\":\"ping\"}", "malformed_frame", null);
        wsCase("{\"type\":\"ping\",\"ref\":\"" + "r".repeat(300) + "\"}", "malformed_frame", null);
        annWs.sendBinary(new byte[] {1, 2, 3});
        assertThat(annWs.awaitType("error", WAIT).path("code").asString()).isEqualTo("malformed_frame");
        stillServes();
        annWs.sendRaw("{\"type\":\"ping\",\"ref\":{\"a\":[1]},\"futureField\":true}");
        assertThat(annWs.awaitType("pong", WAIT).path("ref").toString()).isEqualTo("{\"a\":[1]}");
        stillServes();
    }

    @Test
    void sendsWithBadFieldsAreRefusedNamingTheirClientMessageId() {
        String to = "\"to\":\"" + bob + "\"";
        JsonNode e = wsCase(
                "{\"type\":\"send\"," + to + ",\"clientMsgId\":\"s1\",\"body\":\"x\\ud800y\",\"ref\":1}",
                "validation_failed",
                "1");
        assertThat(e.path("clientMsgId").asString()).isEqualTo("s1");
        wsInvalid("{\"type\":\"send\"," + to + ",\"clientMsgId\":\"s2\",\"body\":\"x\\udc00\"}");
        wsInvalid("{\"type\":\"send\"," + to + ",\"clientMsgId\":\"s3\",\"body\":\"nul\\u0000\"}");
        wsInvalid("{\"type\":\"send\"," + to + ",\"clientMsgId\":\"s4\",\"body\":\"" + "b".repeat(16_001) + "\"}");
        wsInvalid("{\"type\":\"send\"," + to + ",\"group\":\"" + group + "\",\"clientMsgId\":\"s5\",\"body\":\"b\"}");
        wsInvalid("{\"type\":\"send\",\"clientMsgId\":\"s6\",\"body\":\"b\"}");
        wsInvalid("{\"type\":\"send\",\"to\":\"a:b\",\"clientMsgId\":\"s7\",\"body\":\"b\"}");
        wsInvalid("{\"type\":\"send\",\"group\":\"not-a-uuid\",\"clientMsgId\":\"s8\",\"body\":\"b\"}");
        wsInvalid("{\"type\":\"send\",\"group\":\"" + group.toUpperCase(java.util.Locale.ROOT)
                + "\",\"clientMsgId\":\"s9\",\"body\":\"b\"}");
        wsInvalid("{\"type\":\"send\"," + to + ",\"clientMsgId\":\"\",\"body\":\"b\"}");
        wsInvalid("{\"type\":\"send\"," + to + ",\"clientMsgId\":\"" + "c".repeat(65) + "\",\"body\":\"b\"}");
        wsInvalid("{\"type\":\"send\"," + to + ",\"clientMsgId\":\"s10\",\"body\":42}");
        wsInvalid("{\"type\":\"send\"," + to + ",\"clientMsgId\":\"s11\"}");
        // Not a member of bob's group: routing refuses it, as documented, with the same clientMsgId.
        JsonNode notMember = wsCase(
                "{\"type\":\"send\",\"group\":\"" + group + "\",\"clientMsgId\":\"s12\",\"body\":\"b\"}",
                "forbidden",
                null);
        assertThat(notMember.path("clientMsgId").asString()).isEqualTo("s12");
    }

    @Test
    void aBodyThatJsonMustEscapeFitsTheFrameLimitAndIsStoredExactly() {
        String body = "\u0001".repeat(12_000) + "ü😀\"\\";
        String id = "esc-" + UUID.randomUUID();
        annWs.send("send", "to", bob, "clientMsgId", id, "body", body);
        annWs.await(
                f -> id.equals(f.path("clientMsgId").asString())
                        && f.path("type").asString().equals("accepted"),
                WAIT);
        JsonNode m = bobWs.await(f -> id.equals(f.path("clientMsgId").asString()), WAIT)
                .frame();
        assertThat(m.path("body").asString()).isEqualTo(body);
        stillServes();
    }

    @Test
    void syncsAcksAndSubscribesWithBadFieldsAreRefused() {
        String mine = im.protocol.ConversationId.direct(ann, bob);
        wsInvalid("{\"type\":\"sync\",\"afterConv\":5}");
        wsCase("{\"type\":\"sync\",\"conv\":\"d:x1:x2\",\"ref\":3}", "forbidden", "3");
        wsInvalid("{\"type\":\"sync\",\"conv\":\"d:zz:aa\"}");
        wsInvalid("{\"type\":\"sync\",\"conv\":\"" + mine + "\",\"limit\":0}");
        wsInvalid("{\"type\":\"sync\",\"conv\":\"" + mine + "\",\"limit\":501}");
        wsInvalid("{\"type\":\"sync\",\"conv\":\"" + mine + "\",\"after\":\"3\"}");
        wsInvalid("{\"type\":\"sync\",\"conv\":\"" + mine + "\",\"after\":1,\"before\":3}");
        wsInvalid("{\"type\":\"ack\",\"conv\":\"" + mine + "\",\"seq\":1000000}");
        wsInvalid("{\"type\":\"ack\",\"conv\":\"" + mine + "\",\"seq\":0}");
        wsInvalid("{\"type\":\"ack\",\"conv\":\"" + mine + "\",\"seq\":1.5}");
        wsInvalid("{\"type\":\"ack\",\"conv\":\"" + mine + "\",\"seq\":123456789012345678901234567890}");
        wsCase("{\"type\":\"ack\",\"conv\":\"d:x1:x2\",\"seq\":1}", "forbidden", null);
        wsInvalid("{\"type\":\"subscribe\",\"users\":[\"a:b\"]}");
        wsInvalid("{\"type\":\"subscribe\",\"users\":[]}");
        wsInvalid("{\"type\":\"subscribe\",\"users\":\"" + bob + "\"}");
        wsInvalid("{\"type\":\"subscribe\",\"users\":["
                + IntStream.range(0, 501).mapToObj(i -> "\"u" + i + "\"").collect(Collectors.joining(",")) + "]}");
    }

    @Test
    void connectsWithBadParametersOrOversizedFramesAreClosedWithTheirCodes() {
        String url = cluster.wsUrl("gw-1");
        try (TestClient c = TestClient.connectTo(url + "?device=%01bad", TestTokens.mint(ann))) {
            assertThat(c.closeCode(WAIT)).isEqualTo(4400);
        }
        stillServes();
        try (TestClient c = TestClient.connectTo(url + "?device=" + "d".repeat(65), TestTokens.mint(ann))) {
            assertThat(c.closeCode(WAIT)).isEqualTo(4400);
        }
        stillServes();
        // Not valid URL encoding: refused with its code, never a 500 (whose log line would carry the token).
        for (String query : new String[] {"?device=a=b", "?device=a?device=b"}) {
            try (TestClient c = TestClient.connectTo(url + query, TestTokens.mint(ann))) {
                assertThat(c.closeCode(WAIT)).as(query).isEqualTo(4400);
            }
        }
        stillServes();
        try (TestClient c = cluster.connect(ann, "big")) {
            c.sendRaw("{\"type\":\"ping\",\"pad\":\"" + "p".repeat(140_000) + "\"}");
            assertThat(c.closeCode(WAIT)).isEqualTo(1009);
        }
        stillServes();
        // The redirect keeps the device asked for.
        try (TestClient c = TestClient.connect(cluster.wsUrl("gw-2"), TestTokens.mint(ann), "my%20tablet")) {
            JsonNode r = c.awaitType("redirect", WAIT);
            assertThat(r.path("url").asString()).endsWith("?device=my%20tablet");
        }
        stillServes();
    }

    /** A REST call's refusal: the status, the catalogued code, a problem, no Java name in its detail. */
    private void restCase(
            String method, String url, String token, String body, String contentType, int status, String code) {
        Rest.Answer a = Rest.call(method, url, token, body, contentType);
        assertThat(a.status()).as(method + " " + url + ": " + a.body()).isEqualTo(status);
        if (code != null) {
            assertThat(a.contentType()).startsWith("application/problem+json");
            assertThat(a.code()).isEqualTo(code);
            assertThat(a.json().path("detail").asString())
                    .doesNotContain("java.")
                    .doesNotContain("Exception")
                    .doesNotContain("im.");
        }
        stillServes();
    }

    @Test
    void restRequestsWithBadBodiesAndParametersGetCataloguedProblems() {
        String g = cluster.groupUrl();
        String p = cluster.presenceUrl();
        String t = TestTokens.mint(ann);
        String json = "application/json";
        restCase("POST", g + "/groups", t, "{\"name\":\"a\\u0000b\"}", json, 400, "validation_failed");
        restCase("POST", g + "/groups", t, "{\"name\":\"tab\\there\"}", json, 400, "validation_failed");
        restCase("POST", g + "/groups", t, "{\"name\":\"" + "n".repeat(201) + "\"}", json, 400, "validation_failed");
        restCase("POST", g + "/groups", t, "{\"name\":\"x\\ud800\"}", json, 400, "validation_failed");
        restCase("POST", g + "/groups", t, "{not json", json, 400, "malformed_frame");
        restCase("POST", g + "/groups", t, "{\"name\":\"x\"}", "text/plain", 415, "unsupported_media_type");
        restCase("GET", g + "/groups/not-a-uuid", t, null, null, 400, "validation_failed");
        String mine = Rest.call("POST", g + "/groups", t, "{\"name\":\"mine\"}", json)
                .json()
                .path("id")
                .asString();
        restCase(
                "PUT",
                g + "/groups/" + mine + "/members/" + bob + "?role=KING",
                t,
                null,
                null,
                400,
                "validation_failed");
        restCase("PUT", g + "/groups/" + mine + "/members/a:b", t, null, null, 400, "validation_failed");
        restCase(
                "PUT",
                g + "/groups/" + mine + "/members/" + bob + "?role=OWNER",
                t,
                null,
                null,
                400,
                "validation_failed");
        restCase("DELETE", g + "/groups", t, null, null, 405, "method_not_allowed");
        restCase("GET", g + "/nothing-here", t, null, null, 404, "not_found");
        restCase(
                "POST",
                g + "/groups/" + mine + "/members",
                t,
                "{\"users\":["
                        + IntStream.range(0, 1001)
                                .mapToObj(i -> "\"m" + i + "\"")
                                .collect(Collectors.joining(",")) + "]}",
                json,
                400,
                "validation_failed");
        restCase("POST", g + "/groups/" + mine + "/members", t, "{\"users\":[]}", json, 400, "validation_failed");
        restCase("POST", g + "/groups/" + mine + "/members", t, "{\"users\":\"bob\"}", json, 400, "malformed_frame");
        restCase("GET", g + "/groups/" + mine + "/members?limit=0", t, null, null, 400, "validation_failed");
        restCase("GET", g + "/groups/" + mine + "/members?limit=lots", t, null, null, 400, "validation_failed");
        restCase("GET", p + "/presence/" + "x".repeat(129), t, null, null, 400, "validation_failed");
        restCase(
                "GET",
                p + "/presence?users="
                        + IntStream.range(0, 501).mapToObj(i -> "u" + i).collect(Collectors.joining(",")),
                t,
                null,
                null,
                400,
                "validation_failed");
        restCase("PUT", p + "/me/blocks/a:b", t, null, null, 400, "validation_failed");
        // Bodies past im.web.max-request-body (256 KB): refused before they are read or parsed.
        String huge = "{\"name\":\"" + "n".repeat(300_000) + "\"}";
        restCase("POST", g + "/groups", t, huge, json, 413, "frame_too_large");
        restCase("POST", g + "/groups/" + mine + "/members", t, huge, json, 413, "frame_too_large");
        // Refused by the HTTP server before any servlet sees them, still answered as problems.
        restCase("PUT", p + "/me/blocks/a%2Fb", t, null, null, 400, "validation_failed");
        restCase("GET", p + "/presence/a%5Cb", t, null, null, 400, "validation_failed");
        restCase("GET", g + "/groups?pad=" + "p".repeat(20_000), t, null, null, 400, "validation_failed");
        // The largest documented presence query (500 ids of 128 characters) fits the request-line limit.
        String ids = IntStream.range(0, 500)
                .mapToObj(i -> String.format("%0128d", i))
                .collect(Collectors.joining(","));
        assertThat(Rest.call("GET", p + "/presence?users=" + ids, t, null).status())
                .isEqualTo(200);
        restCase("PUT", p + "/me/blocks/" + ann, t, null, null, 400, "validation_failed");
        String gw = cluster.processes().spec("gw-1").baseUrl();
        restCase("GET", gw + "/dev/token?user=a:b", null, null, null, 400, "validation_failed");
        restCase("GET", gw + "/dev/token?user=ann&ttl=-PT1H", null, null, null, 400, "validation_failed");
        restCase("GET", gw + "/dev/token?user=ann&ttl=P2D", null, null, null, 400, "validation_failed");
        restCase("GET", gw + "/dev/token?user=ann&ttl=forever", null, null, null, 400, "validation_failed");
    }
}
