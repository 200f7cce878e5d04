package im.routing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Routing settings ({@code im.routing.*}). Ring parameters are under {@code im.ring}, membership
 * under {@code im.membership}, the Kafka layout of the message path under {@code im.messaging}.
 *
 * @param ownersShown how many owners {@code GET /admin/route/{userId}} lists: the owner, then the
 *     nodes that would take over in turn
 * @param pipeline the message pipeline
 */
@ConfigurationProperties("im.routing")
public record RoutingProperties(
        @DefaultValue("3") int ownersShown, @DefaultValue Pipeline pipeline) {

    public RoutingProperties {
        if (ownersShown < 1) {
            throw new IllegalArgumentException("im.routing.owners-shown must be >= 1, was " + ownersShown);
        }
    }

    /**
     * The message pipeline: {@code im.inbound} → block check, dedup, sequence, store → node queues.
     *
     * @param maxInFlight polled batches this instance holds unfinished (stored, forwards in flight)
     *     before it stops fetching more: how far storing may run ahead of forwarding
     * @param commitInterval how often the offsets of finished batches are committed (asynchronously);
     *     a crash re-runs at most this much work, which dedup makes invisible
     * @param pollTimeout how long one poll of {@code im.inbound} waits for records
     * @param revokeWait on a rebalance, how long batches in flight may take to finish before they are
     *     given up to the partitions' new owner (who runs them again)
     * @param forwardTimeout how long a batch waits for Kafka to take its forwards; past it the batch
     *     is processed again (dedup makes that safe) rather than committed
     * @param retryBackoffMax the longest pause between attempts at a batch that failed (PostgreSQL,
     *     Redis or Kafka away); the pipeline stalls and retries, it never skips a message
     * @param syncPageLimit most messages one sync page returns
     */
    public record Pipeline(
            @DefaultValue("8") int maxInFlight,
            @DefaultValue("200ms") Duration commitInterval,
            @DefaultValue("100ms") Duration pollTimeout,
            @DefaultValue("10s") Duration revokeWait,
            @DefaultValue("30s") Duration forwardTimeout,
            @DefaultValue("5s") Duration retryBackoffMax,
            @DefaultValue("500") int syncPageLimit) {

        public Pipeline {
            if (maxInFlight < 1 || syncPageLimit < 1) {
                throw new IllegalArgumentException(
                        "im.routing.pipeline.max-in-flight and sync-page-limit must be >= 1");
            }
        }
    }
}
