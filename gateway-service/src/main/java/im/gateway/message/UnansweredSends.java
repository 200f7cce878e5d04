package im.gateway.message;

import im.gateway.GatewayProperties;
import im.gateway.session.ClientSession;
import im.protocol.ErrorCode;
import im.protocol.frame.ServerFrame;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every {@code send} gets an answer. A send handed to Kafka is answered by routing ({@code accepted},
 * or an {@code error} such as {@code blocked}) through this node's queue; when no answer came within
 * {@code answer-timeout} (PostgreSQL or routing away, a partition between owners), the client gets
 * {@code unavailable} for it instead of silence and resends with the same clientMsgId. The message may
 * still be stored later (its record waits in Kafka); the resend then finds it and gets its one
 * {@code accepted}.
 *
 * <p>Threading: {@link #handed} runs on the connection's container thread, {@link #answered} on the
 * node-queue consumer's, the sweep on the scheduler's; each connection's unanswered sends are guarded
 * by its {@link ClientSession}. Only connections with a send outstanding are visited by the sweep.
 */
@Component
public class UnansweredSends {

    private final Set<ClientSession> waiting = ConcurrentHashMap.newKeySet();
    private final Duration timeout;
    private final Counter timedOut;

    UnansweredSends(GatewayProperties gateway, MeterRegistry registry) {
        this.timeout = gateway.connection().answerTimeout();
        this.timedOut = Counter.builder("im.gateway.messages.unanswered")
                .description("Sends answered 'unavailable' because routing did not answer within the answer timeout")
                .register(registry);
    }

    /** {@code s}'s send of {@code clientMsgId} was handed to routing. */
    void handed(ClientSession s, String clientMsgId) {
        s.awaitAnswer(clientMsgId, System.nanoTime());
        waiting.add(s);
    }

    /** {@code s}'s send of {@code clientMsgId} was answered; false if it was not waiting for an answer. */
    boolean answered(ClientSession s, String clientMsgId) {
        return clientMsgId != null && s.answered(clientMsgId);
    }

    @Scheduled(fixedDelay = 500)
    void sweep() {
        long cutoff = System.nanoTime() - timeout.toNanos();
        // A copy: the loop removes and re-adds sessions, which a live iterator could meet again forever.
        for (ClientSession s : List.copyOf(waiting)) {
            for (String clientMsgId : s.takeOverdue(cutoff)) {
                timedOut.increment();
                s.send(new ServerFrame.Error(
                        ErrorCode.UNAVAILABLE.code(),
                        "not accepted within " + timeout.toSeconds() + " s; resend it (same clientMsgId)",
                        null,
                        clientMsgId));
            }
            // Removed, then looked at again: a send handed meanwhile put it back or is seen here.
            waiting.remove(s);
            if (s.awaitsAnswers() && !s.isClosed()) {
                waiting.add(s);
            }
        }
    }
}
