package im.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What every service must do against real infrastructure: start, report live and ready, expose
 * Prometheus metrics tagged with its name, and keep {@code /admin/**} behind the admin token. A
 * service's {@code *ApplicationIT} extends this with {@code @SpringBootTest(webEnvironment =
 * RANDOM_PORT)}.
 */
@ExtendWith(InfrastructureExtension.class)
public abstract class ServiceSmokeIT {

    @LocalServerPort
    protected int port;

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

    @Test
    void startsAndReportsLiveAndReady() {
        assertThat(Http.get(url("/actuator/health/liveness")).body()).contains("\"UP\"");
        Http.Response ready = Http.get(url("/actuator/health/readiness"));
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body()).contains("\"UP\"");
    }

    @Test
    void exposesPrometheusMetricsTaggedWithTheService() {
        Http.Response metrics = Http.get(url("/actuator/prometheus"));
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("service=\"" + serviceTag() + "\"");
    }

    @Test
    void showsItsEffectiveSettingsOnInfo() {
        Http.Response info = Http.get(url("/actuator/info"));
        assertThat(info.status()).isEqualTo(200);
        assertThat(info.body()).contains("\"" + serviceTag() + "\":{");
    }

    @Test
    void adminEndpointsRefuseMissingAndWrongTokensWith401Problems() {
        String token = SharedInfrastructure.get().adminToken();
        for (String auth : new String[] {null, "wrong-" + token, token + "x", token.substring(1)}) {
            Http.Response r = Http.getAdmin(url(adminPath()), auth);
            assertThat(r.status()).as("token %s", auth).isEqualTo(401);
            assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer");
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.body()).contains("\"code\":\"unauthenticated\"").doesNotContain(token);
        }
        // Other spellings of an admin path never get past the check either.
        String path = adminPath().substring("/admin".length());
        for (String spelling : List.of("//admin" + path, "/admin;x=1" + path, "/./admin" + path, "/ADMIN" + path)) {
            assertThat(Http.getAdmin(url(spelling), null).status()).as(spelling).isNotEqualTo(200);
        }
        assertThat(Http.get(url("/actuator/prometheus")).body())
                .containsPattern("im_errors_total\\{[^}]*code=\"unauthenticated\"[^}]*transport=\"http\"[^}]*} [1-9]");
    }

    @Test
    void adminEndpointsAcceptTheToken() {
        Http.Response r =
                Http.getAdmin(url(adminPath()), SharedInfrastructure.get().adminToken());
        if (adminProbe() != null) {
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        } else {
            assertThat(r.status()).as(r.body()).isEqualTo(404); // past the check: there is just nothing there
        }
    }

    @Test
    void publishesItsOpenApiDocumentWithoutAToken() {
        // The first request builds the document: slow on a busy two-core machine.
        Http.Response api = Http.get(url("/v3/api-docs"), java.time.Duration.ofSeconds(60));
        assertThat(api.status()).isEqualTo(200);
        if (adminProbe() != null) {
            assertThat(api.body()).contains("\"adminToken\"").contains("\"scheme\":\"bearer\"");
        }
    }

    protected String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}
