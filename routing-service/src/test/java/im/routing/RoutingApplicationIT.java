package im.routing;

import static org.assertj.core.api.Assertions.assertThat;

import im.infra.Http;
import im.infra.junit.ServiceSmokeChecks;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/** Starts against real Kafka, Redis and PostgreSQL; live, ready, metrics exported. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RoutingApplicationIT extends ServiceSmokeChecks {

    @Override
    protected String serviceTag() {
        return "routing";
    }

    @Override
    protected String adminProbe() {
        return "/admin/ring";
    }

    @Test
    void exportsKafkaConsumerMetricsIncludingLag() throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        String metrics = "";
        while (!metrics.contains("kafka_consumer_fetch_manager_records_lag_max") && System.nanoTime() < deadline) {
            Thread.sleep(200);
            metrics = Http.get(management("/actuator/prometheus")).body();
        }
        assertThat(metrics).contains("kafka_consumer_fetch_manager_records_lag_max");
        System.out.println("[routing] kafka lag series: "
                + metrics.lines()
                        .filter(l -> l.startsWith("kafka_consumer_fetch_manager_records_lag"))
                        .toList());
    }
}
