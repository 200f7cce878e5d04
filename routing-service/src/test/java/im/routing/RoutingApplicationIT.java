package im.routing;

import static org.assertj.core.api.Assertions.assertThat;

import im.infra.Http;
import im.infra.InfrastructureExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The service starts against real Kafka, Redis and PostgreSQL and reports itself ready. */
@ExtendWith(InfrastructureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RoutingApplicationIT {

    @LocalServerPort
    int port;

    @Test
    void startsAndReportsLiveAndReady() {
        assertThat(Http.get(url("/actuator/health/liveness")).body()).contains("\"UP\"");
        Http.Response ready = Http.get(url("/actuator/health/readiness"));
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body()).contains("\"UP\"");
    }

    @Test
    void exposesPrometheusMetrics() {
        Http.Response metrics = Http.get(url("/actuator/prometheus"));
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("service=\"routing\"");
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}
