package im.routing;

import im.infra.ServiceSmokeIT;
import org.springframework.boot.test.context.SpringBootTest;

/** Starts against real Kafka, Redis and PostgreSQL; live, ready, metrics exported. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RoutingApplicationIT extends ServiceSmokeIT {

    @Override
    protected String serviceTag() {
        return "routing";
    }

    @Override
    protected String adminProbe() {
        return "/admin/ring";
    }
}
