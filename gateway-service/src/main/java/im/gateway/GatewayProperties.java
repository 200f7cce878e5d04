package im.gateway;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Gateway settings ({@code im.gateway.*}).
 *
 * @param nodeId this node's unique name: its place on the ring and the name of its Kafka queue. On
 *     Kubernetes the StatefulSet pod name; locally {@code gw-1}, {@code gw-2}, ...
 * @param advertisedUrl the WebSocket URL clients use to reach this node, announced to the cluster
 * @param weight relative capacity of this node; a weight-2 node gets twice the ring points
 * @param sessionSnapshotInterval how often the node sends presence the full list of its sessions, the
 *     repair for lost events and a flushed Redis: presence is right again within one interval
 */
@ConfigurationProperties("im.gateway")
public record GatewayProperties(
        @DefaultValue("gw-local") String nodeId,
        @DefaultValue("ws://127.0.0.1:8080/ws") URI advertisedUrl,
        @DefaultValue("1") int weight,
        @DefaultValue("10s") Duration sessionSnapshotInterval) {

    public GatewayProperties {
        if (nodeId.isBlank()) {
            throw new IllegalArgumentException("im.gateway.node-id must not be blank");
        }
        if (weight < 1) {
            throw new IllegalArgumentException("im.gateway.weight must be >= 1, was " + weight);
        }
    }
}
