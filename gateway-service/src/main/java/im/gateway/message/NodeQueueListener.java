package im.gateway.message;

import im.contracts.message.Delivery;
import im.messaging.NodeQueueRecords;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes this node's own queue, and only it: the topic and the consumer group are both named after
 * {@code im.gateway.node-id}, so no other node ever reads it.
 *
 * <p>Records written before this process started are skipped: they were meant for sessions of an
 * earlier run of this node, which no longer exist (their messages are stored, and the clients get
 * them by sync when they reconnect). Records written after the start are delivered even if they
 * were written before the consumer got its partitions: the group resumes from its committed offset.
 */
@Component
class NodeQueueListener {

    private static final Logger log = LoggerFactory.getLogger(NodeQueueListener.class);

    private final LocalDelivery delivery;
    private final long startedAt;
    private final Counter stale;

    NodeQueueListener(LocalDelivery delivery, Clock clock, MeterRegistry registry) {
        this.delivery = delivery;
        this.startedAt = clock.millis();
        this.stale = Counter.builder("im.gateway.queue.stale")
                .description("Queue records from before this process started, skipped")
                .register(registry);
    }

    @KafkaListener(
            id = "node-queue",
            topics = "#{T(im.contracts.message.MessageTopics).nodeQueue('${im.gateway.node-id}')}",
            groupId = "gateway-${im.gateway.node-id}",
            // One consumer for both partitions: half the fetches of one each; delivery never blocks it.
            concurrency = "1",
            // A node's queue has exactly one consumer, this node. Restarted after a crash (same node id),
            // its new consumer gets the partitions only once the dead one's session has expired: a
            // short session (the broker's minimum, 6 s) bounds how long its users get no pushes.
            properties = {"session.timeout.ms=6000", "heartbeat.interval.ms=2000"})
    void onRecord(ConsumerRecord<String, String> record) {
        if (record.timestamp() < startedAt) {
            stale.increment();
            return;
        }
        Delivery d;
        try {
            d = NodeQueueRecords.fromRecord(record);
        } catch (RuntimeException e) {
            log.error("skipping unreadable queue record @{}: {}", record.offset(), e.toString());
            return;
        }
        delivery.deliver(d);
    }
}
