package im.group;

import im.infra.junit.ServiceSmokeChecks;
import org.springframework.boot.test.context.SpringBootTest;

/** Starts against real Kafka, Redis and PostgreSQL; live, ready, metrics exported. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GroupApplicationIT extends ServiceSmokeChecks {

    @Override
    protected String serviceTag() {
        return "group";
    }
}
