package im.presence;

import im.infra.junit.ServiceSmokeChecks;
import org.springframework.boot.test.context.SpringBootTest;

/** Starts against real Kafka, Redis and PostgreSQL; live, ready, metrics exported. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PresenceApplicationIT extends ServiceSmokeChecks {

    @Override
    protected String serviceTag() {
        return "presence";
    }
}
