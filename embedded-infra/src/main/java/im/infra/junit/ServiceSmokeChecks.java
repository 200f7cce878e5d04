package im.infra.junit;

import static org.assertj.core.api.Assertions.assertThat;

import im.infra.Http;
import im.infra.Infrastructure;
import im.infra.SharedInfrastructure;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What every service must do against real infrastructure: start, report live and ready, expose
 * Prometheus metrics tagged with its name, serve its management side (Actuator, {@code /admin/**})
 * only on the management port and behind the admin token, and show no secret. A service's {@code
 * *ApplicationIT} extends this with {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} and {@code
 * management.server.port=0}.
 */
@ExtendWith(InfrastructureExtension.class)
public abstract class ServiceSmokeChecks {

    @LocalServerPort
    protected int port;

    @LocalManagementPort
    protected int managementPort;

    /** The value of the {@code service} tag on this service's metrics. */
    protected abstract String serviceTag();

    /**
     * A {@code GET} admin path that this service answers with 200 when given the token; null when it has
     * no admin endpoint (then an authenticated request must at least get past the token check).
     */
    protected String adminProbe() {
        return null;
    }

    private String adminPath() {
        return adminProbe() != null ? adminProbe() : "/admin/none";
    }

    private static String admin() {
        return SharedInfrastructure.get().adminToken();
    }

    @Test
    void startsAndReportsLiveAndReadyOnTheManagementPort() {
        assertThat(Http.get(management("/actuator/health/liveness")).body()).contains("\"UP\"");
        Http.Response ready = Http.get(management("/actuator/health/readiness"));
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body()).contains("\"UP\"");
    }

    @Test
    void exposesPrometheusMetricsTaggedWithTheService() {
        Http.Response metrics = Http.get(management("/actuator/prometheus"));
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("service=\"" + serviceTag() + "\"");
    }

    @Test
    void showsItsEffectiveSettingsOnInfoToOperatorsWithoutAnySecret() {
        assertThat(Http.get(management("/actuator/info")).status()).isEqualTo(401);
        Http.Response info = Http.getAdmin(management("/actuator/info"), admin());
        assertThat(info.status()).isEqualTo(200);
        assertThat(info.body()).contains("\"" + serviceTag() + "\":{");
        Infrastructure infra = SharedInfrastructure.get();
        for (String secret : List.of(infra.adminToken(), infra.internalToken(), infra.userTokenKey())) {
            assertThat(info.body()).doesNotContain(secret);
        }
    }

    @Test
    void theManagementSideIsNotServedOnTheClientPortEvenWithTheRightToken() {
        for (String path : List.of("/actuator/health", "/actuator/prometheus", "/actuator/info", adminPath())) {
            assertThat(Http.getAdmin(url(path), admin()).status()).as(path).isEqualTo(404);
        }
        String internal = SharedInfrastructure.get().internalToken();
        assertThat(Http.getAdmin(url("/internal/x"), internal).status()).isEqualTo(404);
    }

    @Test
    void adminEndpointsRefuseMissingAndWrongTokensWith401Problems() {
        String token = admin();
        for (String auth : new String[] {null, "wrong-" + token, token + "x", token.substring(1)}) {
            Http.Response r = Http.getAdmin(management(adminPath()), auth);
            assertThat(r.status()).as("token %s", auth).isEqualTo(401);
            assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer");
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.body()).contains("\"code\":\"unauthenticated\"").doesNotContain(token);
        }
        // Other spellings of an admin path never get past the check either.
        String path = adminPath().substring("/admin".length());
        for (String spelling : List.of("//admin" + path, "/admin;x=1" + path, "/./admin" + path, "/ADMIN" + path)) {
            assertThat(Http.getAdmin(management(spelling), null).status())
                    .as(spelling)
                    .isNotEqualTo(200);
        }
        assertThat(Http.get(management("/actuator/prometheus")).body())
                .containsPattern("im_errors_total\\{[^}]*code=\"unauthenticated\"[^}]*transport=\"http\"[^}]*} [1-9]");
    }

    @Test
    void adminEndpointsAcceptTheToken() {
        Http.Response r = Http.getAdmin(management(adminPath()), admin());
        if (adminProbe() != null) {
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        } else {
            assertThat(r.status()).as(r.body()).isEqualTo(404); // past the check: there is just nothing there
        }
    }

    @Test
    void everyClientFacingOperationTakesTheCallerFromTheTokenAndNoHeader(
            @org.springframework.beans.factory.annotation.Autowired
                    org.springframework.context.ApplicationContext ctx) {
        ClientApiRules.assertCallerFromTokenOnly(ctx);
    }

    @Test
    void publishesItsClientApiDocumentWithoutAToken() {
        // The first request builds the document: slow on a busy two-core machine.
        Http.Response api = Http.get(url("/v3/api-docs"), java.time.Duration.ofSeconds(60));
        assertThat(api.status()).isEqualTo(200);
        assertThat(api.body()).doesNotContain("/admin/").doesNotContain("/internal/");
    }

    /** A URL on the client-facing port. */
    protected String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** A URL on the management port. */
    protected String management(String path) {
        return "http://127.0.0.1:" + managementPort + path;
    }
}
