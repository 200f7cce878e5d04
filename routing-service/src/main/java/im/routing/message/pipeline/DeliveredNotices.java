package im.routing.message.pipeline;

import im.contracts.message.Delivery;
import im.contracts.message.Receipt;
import im.messaging.NodeQueueRecords;
import im.protocol.ConversationId;
import im.protocol.ImException;
import im.protocol.frame.FrameCodec;
import im.protocol.frame.ServerFrame;
import im.routing.message.store.CursorStore.UserConversation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Tells the other participant of a direct conversation that a user's devices hold its messages: when a
 * batch of receipts raised the highest cursor over the user's devices in that conversation, one {@link
 * Delivery.Kind#DELIVERED} record per node of the other participant ({@link UserNodes}), keyed by
 * conversation like the messages on that queue.
 *
 * <p>Best effort, like a push: the sends are not awaited and a lost one is not sent again (the
 * receipt's cursor is stored by then, and a sync page's {@code peerDelivered} reads it). Group and self
 * conversations are never watched: nobody else is told about them.
 */
@Component
class DeliveredNotices {

    private static final Logger log = LoggerFactory.getLogger(DeliveredNotices.class);

    /** {@code user}'s devices hold {@code conversation} up to {@code seq}; {@code peer} is told. */
    record Notice(String conversation, long seq, String user, String peer) {}

    private final KafkaTemplate<String, String> kafka;
    private final UserNodes nodes;
    private final Clock clock;
    private final Counter sent;

    DeliveredNotices(KafkaTemplate<String, String> kafka, UserNodes nodes, Clock clock, MeterRegistry registry) {
        this.kafka = kafka;
        this.nodes = nodes;
        this.clock = clock;
        this.sent = Counter.builder("im.routing.delivered.notices")
                .description("delivered notices sent to node queues (one per node of the other participant)")
                .register(registry);
    }

    /** The (user, conversation) pairs of {@code receipts} someone else is told about: direct, with another user. */
    static Set<UserConversation> watched(Collection<Receipt> receipts) {
        Set<UserConversation> out = new LinkedHashSet<>();
        for (Receipt r : receipts) {
            if (peerOf(r) != null) {
                out.add(new UserConversation(r.userId(), r.conversation()));
            }
        }
        return out;
    }

    /**
     * One notice per watched pair whose highest seq in {@code receipts} is past {@code before}, the
     * highest cursor over the user's devices before these receipts were stored (a pair absent from it
     * is not watched).
     */
    static List<Notice> moved(Collection<Receipt> receipts, Map<UserConversation, Long> before) {
        Map<UserConversation, Receipt> highest = new HashMap<>();
        for (Receipt r : receipts) {
            highest.merge(new UserConversation(r.userId(), r.conversation()), r, (a, b) -> a.seq() >= b.seq() ? a : b);
        }
        List<Notice> out = new ArrayList<>();
        highest.forEach((pair, r) -> {
            Long was = before.get(pair);
            if (was != null && r.seq() > was) {
                out.add(new Notice(r.conversation(), r.seq(), r.userId(), peerOf(r)));
            }
        });
        return out;
    }

    /** Issues the records of {@code notices}; does not wait for Kafka, and a failure only costs the notice. */
    void send(List<Notice> notices) {
        long now = clock.millis();
        for (Notice n : notices) {
            Delivery d = delivery(n, now);
            for (String node : nodes.of(n.peer())) {
                try {
                    kafka.send(NodeQueueRecords.toRecord(node, d)).whenComplete((x, e) -> {
                        if (e != null) {
                            log.debug("delivered notice for {} not sent to {}: {}", n.peer(), node, e.toString());
                        }
                    });
                    sent.increment();
                } catch (RuntimeException e) {
                    log.debug("delivered notice for {} not sent to {}: {}", n.peer(), node, e.toString());
                }
            }
        }
    }

    /** The record of {@code n} for each node of the peer: the {@code delivered} frame, for the peer's sessions. */
    static Delivery delivery(Notice n, long nowMillis) {
        String frame = FrameCodec.encode(new ServerFrame.Delivered(n.conversation(), n.seq(), n.user()));
        return new Delivery(
                Delivery.Kind.DELIVERED,
                n.conversation(),
                n.seq(),
                List.of(n.peer()),
                null,
                n.user(),
                0,
                nowMillis,
                frame,
                null,
                null);
    }

    /** The other participant of a receipt's direct conversation; null if there is none to tell. */
    private static String peerOf(Receipt r) {
        try {
            return ConversationId.peer(r.conversation(), r.userId());
        } catch (ImException notAConversation) {
            return null; // gateways check ids before sending receipts; nobody to tell about a bad one
        }
    }
}
