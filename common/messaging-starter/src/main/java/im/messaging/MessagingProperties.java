package im.messaging;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Kafka layout of the message path ({@code im.messaging.*}), the same for every service that creates
 * these topics. Partition counts only apply when a topic is created; raising one later moves
 * conversations between partitions and must be done with routing stopped (docs/operations.md).
 *
 * @param inboundPartitions partitions of {@code im.inbound}: the most routing instances that share
 *     the message pipeline
 * @param nodeQueuePartitions partitions of each gateway's queue (one conversation stays on one partition,
 *     in order); the gateway reads all of them with one consumer thread
 * @param receiptPartitions partitions of {@code im.receipt}
 * @param groupEventPartitions partitions of {@code im.group.member} (membership changes, by group)
 * @param nodeQueueRetention how long a node queue keeps records; a message is in PostgreSQL before it
 *     is queued, so this only bounds how long a stopped node's backlog is kept
 * @param maxBodySize largest message body in characters (the frame limit applies too)
 */
@ConfigurationProperties("im.messaging")
public record MessagingProperties(
        @DefaultValue("12") int inboundPartitions,
        @DefaultValue("2") int nodeQueuePartitions,
        @DefaultValue("6") int receiptPartitions,
        @DefaultValue("6") int groupEventPartitions,
        @DefaultValue("1h") Duration nodeQueueRetention,
        @DefaultValue("16000") int maxBodySize) {

    public MessagingProperties {
        if (inboundPartitions < 1 || nodeQueuePartitions < 1 || receiptPartitions < 1 || groupEventPartitions < 1) {
            throw new IllegalArgumentException("im.messaging.*-partitions must be >= 1");
        }
        if (maxBodySize < 1) {
            throw new IllegalArgumentException("im.messaging.max-body-size must be >= 1");
        }
    }
}
