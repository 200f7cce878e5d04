package im.group.member;

import im.contracts.ContractJson;
import im.contracts.group.GroupMemberEvent;
import im.protocol.ErrorCode;
import im.protocol.ImException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes membership changes to the gateways ({@link GroupMemberEvent#TOPIC}, keyed by group).
 *
 * <p>Ordering hazard, event vs. commit: {@link GroupService} calls this inside its transaction, after
 * the change is flushed and while the group row is locked, and waits for Kafka. So a group's events are
 * on its partition in version order, and a change whose event Kafka did not take is rolled back
 * (answered {@code unavailable}; the caller repeats it). The reverse hazard, an event for a change whose
 * commit then fails, is left: it needs the commit itself to fail after a successful flush; gateways
 * correct it when the member's next session loads its groups.
 */
@Component
class MemberEvents {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final KafkaTemplate<String, String> kafka;

    MemberEvents(KafkaTemplate<String, String> kafka) {
        this.kafka = kafka;
    }

    void publish(List<GroupMemberEvent> events) {
        CompletableFuture<?>[] sends = events.stream()
                .map(e -> kafka.send(GroupMemberEvent.TOPIC, e.groupId(), ContractJson.write(e)))
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(sends).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        } catch (ExecutionException | TimeoutException e) {
            throw unavailable();
        }
    }

    private static ImException unavailable() {
        return new ImException(ErrorCode.UNAVAILABLE, "membership change not published; nothing changed, repeat it");
    }
}
