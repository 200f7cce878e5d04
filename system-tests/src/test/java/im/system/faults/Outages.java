package im.system.faults;

import static org.assertj.core.api.Assertions.assertThat;

import im.system.support.TestClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/** What the fault tests do while a dependency is away. */
final class Outages {

    private Outages() {}

    /**
     * Sends {@code clientMsgId} from {@code probe} to {@code to}, asserts that it is answered {@code
     * unavailable} (never {@code accepted}) within 20 s, and answers after how many ms.
     */
    static long unavailableAfterMillis(TestClient probe, String to, String clientMsgId) {
        long sentAt = System.nanoTime();
        probe.send("send", "to", to, "clientMsgId", clientMsgId, "body", "x");
        JsonNode answer = probe.answerTo(clientMsgId, Duration.ofSeconds(20));
        long millis = millisSince(sentAt);
        assertThat(answer.path("type").asString())
                .as("a send while a dependency is away")
                .isEqualTo("error");
        assertThat(answer.path("code").asString()).isEqualTo("unavailable");
        return millis;
    }

    /** Sleeps until {@code length} has passed since {@code sinceNanos} ({@link System#nanoTime()}). */
    static void holdUntil(long sinceNanos, Duration length) throws InterruptedException {
        Thread.sleep(Math.max(0, length.toMillis() - millisSince(sinceNanos)));
    }

    static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
