package im.group;

import im.infra.ServiceSmokeIT;
import org.springframework.boot.test.context.SpringBootTest;

/** Starts against real Kafka, Redis and PostgreSQL; live, ready, metrics exported. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GroupApplicationIT extends ServiceSmokeIT {

    @Override
    protected String serviceTag() {
        return "group";
    }
}
