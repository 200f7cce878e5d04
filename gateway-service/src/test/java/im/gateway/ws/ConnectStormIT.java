package im.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.cluster.RingHolder;
import im.gateway.session.SessionRegistry;
import im.gateway.support.WsTestClient;
import im.infra.TestTokens;
import im.infra.junit.InfrastructureExtension;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * A connect storm at a small scale: more users at once than the node's connect burst. The excess is
 * closed with 4429 before any token is checked, the users held stay served, and every user gets in
 * on a retry after a backoff, as the reference client does.
 */
@ExtendWith(InfrastructureExtension.class)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "im.gateway.node-id=gw-storm",
            "im.gateway.connection.connect-rate=10",
            "im.gateway.connection.connect-burst=10"
        })
class ConnectStormIT {

    private static final int USERS = 40;

    @LocalServerPort
    int port;

    @Autowired
    SessionRegistry sessions;

    @Autowired
    RingHolder ring;

    @Autowired
    MeterRegistry meters;

    private final HttpClient http = HttpClient.newHttpClient();

    /** Users this node owns (the shared Redis may hold other test members). */
    private List<String> ownedUsers(int n) {
        List<String> users = new ArrayList<>();
        while (users.size() < n) {
            String u = "storm-" + UUID.randomUUID();
            if (ring.current().ring().nodeFor(u).equals("gw-storm")) {
                users.add(u);
            }
        }
        return users;
    }

    private CompletableFuture<WsTestClient> connect(String user) {
        WsTestClient c = new WsTestClient();
        return http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + TestTokens.mint(user, Instant.now(), Duration.ofMinutes(10)))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws?device=storm"), c)
                .thenApply(ws -> {
                    c.ws = ws;
                    return c;
                });
    }

    /** welcome, or the close code of a refused connect: whichever comes first. */
    private static String outcome(WsTestClient c) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            JsonNode first = c.frames.poll(20, TimeUnit.MILLISECONDS);
            if (first != null) {
                return first.path("type").asString();
            }
            if (c.closed.isDone()) {
                return String.valueOf(c.closed.get());
            }
        }
        return "nothing within 10 s";
    }

    @Test
    void aStormPastTheConnectBurstIsThrottledWith4429AndEveryoneGetsInOnRetry() throws Exception {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ring.current().ring().nodes().contains("gw-storm"));
        double before = meters.counter("im.gateway.connects.throttled").count();
        List<String> users = ownedUsers(USERS);
        List<String> waiting = new ArrayList<>(users);
        List<WsTestClient> held = new ArrayList<>();
        int throttled = 0;
        int firstRoundWelcomed = -1;
        for (int round = 0; !waiting.isEmpty() && round < 40; round++) {
            List<CompletableFuture<WsTestClient>> opening =
                    waiting.stream().map(this::connect).toList();
            List<String> again = new ArrayList<>();
            for (int i = 0; i < opening.size(); i++) {
                WsTestClient c = opening.get(i).get(10, TimeUnit.SECONDS);
                String o = outcome(c);
                if (o.equals("welcome")) {
                    held.add(c);
                } else {
                    assertThat(o).as("a refused connect's close code").isEqualTo("4429");
                    throttled++;
                    again.add(waiting.get(i));
                }
            }
            if (round == 0) {
                firstRoundWelcomed = held.size();
            }
            waiting = again;
            Thread.sleep(300); // the backoff: the bucket refills at 10 per second
        }
        // The burst and what refilled while the storm was being opened; never everyone at once.
        assertThat(firstRoundWelcomed).isBetween(10, USERS - 1);
        assertThat(waiting).as("users still refused after 40 rounds").isEmpty();
        assertThat(throttled).isPositive();
        assertThat(meters.counter("im.gateway.connects.throttled").count() - before)
                .isEqualTo(throttled);
        for (String u : users) {
            assertThat(sessions.sessionsOf(u)).as("session of " + u).hasSize(1);
        }
        // Those held throughout are still served.
        WsTestClient first = held.get(0);
        first.send("{\"type\":\"ping\",\"ref\":\"still\"}");
        assertThat(first.next().path("type").asString()).isEqualTo("pong");
        for (WsTestClient c : held) {
            c.ws.sendClose(1000, "bye");
        }
    }
}
