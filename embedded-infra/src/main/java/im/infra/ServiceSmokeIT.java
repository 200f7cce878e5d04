package im.infra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What every service must do against real infrastructure: start, report live and ready, and expose
 * Prometheus metrics tagged with its name. A service's {@code *ApplicationIT} extends this with
 * {@code @SpringBootTest(webEnvironment = RANDOM_PORT)}.
 */
@ExtendWith(InfrastructureExtension.class)
public abstract class ServiceSmokeIT {

    @LocalServerPort
    protected int port;

    /** The value of the {@code service} tag on this service's metrics. */
    protected abstract String serviceTag();

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

    protected String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}
