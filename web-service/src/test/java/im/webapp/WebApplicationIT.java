package im.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import im.infra.Http;
import im.infra.SharedInfrastructure;
import im.infra.junit.ServiceSmokeChecks;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The page server on its own: the chat page and its configuration on the client port, the console on
 * the management port only, the console's API behind the admin token; with no routing-service running,
 * the API answers a catalogued {@code unavailable}, never a stack trace.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.server.port=0",
            "im.webapp.routing-management=http://127.0.0.1:1",
            "im.webapp.gateway-management=gw-1=http://127.0.0.1:1",
            "im.webapp.dev-tokens=http://127.0.0.1:8081/dev/token"
        })
class WebApplicationIT extends ServiceSmokeChecks {

    @Override
    protected String serviceTag() {
        return "web";
    }

    @Test
    void servesTheChatPageAndItsConfigurationOnTheClientPort() {
        Http.Response page = Http.get(url("/"));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("im-cluster chat").contains("chat.js");
        assertThat(Http.get(url("/sdk/index.js")).status()).isEqualTo(200);
        Http.Response config = Http.get(url("/config.json"));
        assertThat(config.body())
                .contains("\"gateways\":[\"ws://127.0.0.1:8081/ws\"]")
                .contains("\"devTokens\":\"http://127.0.0.1:8081/dev/token\"")
                .doesNotContain("127.0.0.1:1"); // management addresses are not for browsers
    }

    @Test
    void servesTheConsoleOnTheManagementPortOnly() {
        Http.Response console = Http.get(management("/console/"));
        assertThat(console.status()).isEqualTo(200);
        assertThat(console.body()).contains("operator console");
        assertThat(Http.get(management("/console/console.js")).header("Content-Type"))
                .contains("javascript");
        assertThat(Http.get(management("/shared/style.css")).status()).isEqualTo(200);
        assertThat(Http.get(url("/console/")).status()).isEqualTo(404);
        assertThat(Http.get(management("/console/../application.yml")).status()).isNotEqualTo(200);
    }

    @Test
    void theConsoleApiNeedsTheAdminTokenAndSaysWhenTheClusterDoesNotAnswer() {
        assertThat(Http.get(management("/admin/cluster")).status()).isEqualTo(401);
        Http.Response r = Http.getAdmin(
                management("/admin/cluster"), SharedInfrastructure.get().adminToken());
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.body()).contains("\"code\":\"unavailable\"").doesNotContain("Exception");
    }

    @Test
    void theConsoleCallsOnlyGatewaysItKnows() {
        String token = SharedInfrastructure.get().adminToken();
        // not configured, and routing (which would list members) does not answer: refused, nothing called
        Http.Response r = Http.withToken("POST", management("/admin/cluster/nodes/evil.example/drain"), token);
        assertThat(r.status()).isEqualTo(503);
        Http.Response bad = Http.getAdmin(management("/admin/cluster/users/not%20valid"), token);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("\"code\":\"validation_failed\"");
    }
}
