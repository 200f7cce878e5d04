package im.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import im.web.management.ManagementApi;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The filter chains as a service runs them (a real server with a management port): who gets through
 * to the management side and to the client-facing API, and what every refusal looks like.
 */
class SecurityChainsTest {

    static final String KEY = "user-token-key-for-tests-0123456789abcdef";
    static final String ADMIN = "admin-token-for-tests-0123456789abcdef";
    static final String INTERNAL = "internal-token-for-tests-0123456789abcdef";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @ManagementApi
    static class Management {
        @GetMapping("/admin/thing")
        String admin() {
            return "admin";
        }

        @GetMapping("/internal/thing")
        String internal() {
            return "internal";
        }
    }

    @RestController
    static class Client {
        @GetMapping("/me")
        String me(Caller caller) {
            return caller.userId();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import({Management.class, Client.class})
    static class App {}

    static ConfigurableApplicationContext app;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        app = new SpringApplication(App.class)
                .run(
                        "--server.port=0",
                        "--management.server.port=0",
                        "--server.address=127.0.0.1",
                        "--management.server.address=127.0.0.1",
                        "--management.endpoints.web.exposure.include=health,info,prometheus",
                        "--im.auth.hmac-secret=" + KEY,
                        "--im.admin.token=" + ADMIN,
                        "--im.internal.token=" + INTERNAL);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static int server() {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    static int management() {
        return Integer.parseInt(app.getEnvironment().getProperty("local.management.port"));
    }

    static HttpResponse<String> get(int port, String path, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String token(String key, String subject, Instant expires) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader(JWSAlgorithm.HS256),
                new JWTClaimsSet.Builder()
                        .subject(subject)
                        .expirationTime(Date.from(expires))
                        .build());
        jwt.sign(new MACSigner(key.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    static void assertProblem(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("code").asString()).isEqualTo(code);
        assertThat(body.path("status").asInt()).isEqualTo(status);
        if (status == 401) {
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        }
    }

    @Test
    void theAdminApiTakesOnlyTheOperatorsToken() throws Exception {
        assertProblem(get(management(), "/admin/thing", null), 401, "unauthenticated");
        assertProblem(get(management(), "/admin/thing", "wrong-" + ADMIN), 401, "unauthenticated");
        assertProblem(get(management(), "/admin/thing", INTERNAL), 401, "unauthenticated");
        assertProblem(
                get(
                        management(),
                        "/admin/thing",
                        token(KEY, "alice", Instant.now().plusSeconds(60))),
                401,
                "unauthenticated");
        assertThat(get(management(), "/admin/thing", ADMIN).body()).isEqualTo("admin");
    }

    @Test
    void theInternalApiTakesOnlyTheServicesToken() throws Exception {
        assertProblem(get(management(), "/internal/thing", null), 401, "unauthenticated");
        assertProblem(get(management(), "/internal/thing", ADMIN), 401, "unauthenticated");
        assertThat(get(management(), "/internal/thing", INTERNAL).body()).isEqualTo("internal");
    }

    @Test
    void probesAndScrapesAreOpenTheRestOfActuatorIsForOperators() throws Exception {
        assertThat(get(management(), "/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(get(management(), "/actuator/prometheus", null).statusCode()).isEqualTo(200);
        assertProblem(get(management(), "/actuator/info", null), 401, "unauthenticated");
        assertThat(get(management(), "/actuator/info", ADMIN).statusCode()).isEqualTo(200);
    }

    @Test
    void theManagementSideIsNotOnTheClientPort() throws Exception {
        assertThat(get(server(), "/admin/thing", ADMIN).statusCode()).isEqualTo(404);
        assertThat(get(server(), "/internal/thing", INTERNAL).statusCode()).isEqualTo(404);
        assertThat(get(server(), "/actuator/health", null).statusCode()).isEqualTo(404);
    }

    @Test
    void theClientApiKnowsTheCallerFromTheTokenOnly() throws Exception {
        assertThat(get(server(), "/me", token(KEY, "alice", Instant.now().plusSeconds(60)))
                        .body())
                .isEqualTo("alice");
        assertProblem(get(server(), "/me", null), 401, "unauthenticated");
        assertProblem(
                get(
                        server(),
                        "/me?access_token=" + token(KEY, "alice", Instant.now().plusSeconds(60)),
                        null),
                401,
                "unauthenticated");
    }

    @Test
    void badTokensAreRefusedEachWithItsCode() throws Exception {
        Instant later = Instant.now().plusSeconds(60);
        assertProblem(
                get(server(), "/me", token(KEY, "alice", Instant.now().minus(Duration.ofMinutes(5)))),
                401,
                "token_expired");
        assertProblem(
                get(server(), "/me", token("another-key-of-at-least-32-bytes-000", "alice", later)),
                401,
                "unauthenticated");
        assertProblem(get(server(), "/me", token(KEY, "a:b", later)), 401, "unauthenticated");
        String unsigned = new PlainJWT(new JWTClaimsSet.Builder()
                        .subject("alice")
                        .expirationTime(Date.from(later))
                        .build())
                .serialize();
        assertProblem(get(server(), "/me", unsigned), 401, "unauthenticated");
        assertProblem(get(server(), "/me", "not-a-jwt"), 401, "unauthenticated");
    }

    @Test
    void everyRefusalIsCounted() throws Exception {
        MeterRegistry registry = app.getBean(MeterRegistry.class);
        double before = registry.get("im.errors")
                .tag("code", "unauthenticated")
                .tag("transport", "http")
                .counter()
                .count();
        get(server(), "/me", null);
        get(management(), "/admin/thing", null);
        assertThat(registry.get("im.errors")
                        .tag("code", "unauthenticated")
                        .tag("transport", "http")
                        .counter()
                        .count())
                .isEqualTo(before + 2);
    }
}
