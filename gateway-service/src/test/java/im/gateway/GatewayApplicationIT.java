package im.gateway;

import im.infra.ServiceSmokeIT;
import org.springframework.boot.test.context.SpringBootTest;

/** Starts against real Kafka, Redis and PostgreSQL; live, ready, metrics exported. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayApplicationIT extends ServiceSmokeIT {

    @Override
    protected String serviceTag() {
        return "gateway";
    }

    @Override
    protected String adminProbe() {
        return "/admin/sessions";
    }
}
