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
 * @param connection client connection limits and timers
 * @param routing where routing-service answers sync requests
 * @param groups where group-service answers membership questions, and the table of local members
 */
@ConfigurationProperties("im.gateway")
public record GatewayProperties(
        @DefaultValue("gw-local") String nodeId,
        @DefaultValue("ws://127.0.0.1:8080/ws") URI advertisedUrl,
        @DefaultValue("1") int weight,
        @DefaultValue("10s") Duration sessionSnapshotInterval,
        @DefaultValue ConnectionSettings connection,
        @DefaultValue Routing routing,
        @DefaultValue Groups groups) {

    public GatewayProperties {
        if (!nodeId.matches("[A-Za-z0-9._-]{1,100}")) {
            // It names the node's Kafka queue topic, so it must be a valid topic name suffix.
            throw new IllegalArgumentException(
                    "im.gateway.node-id must be 1-100 characters from A-Z a-z 0-9 . _ -, was '" + nodeId + "'");
        }
        if (weight < 1) {
            throw new IllegalArgumentException("im.gateway.weight must be >= 1, was " + weight);
        }
    }

    /**
     * Client connections.
     *
     * @param heartbeatInterval how often a client should send {@code ping}; told in {@code welcome}
     * @param idleTimeout a connection with no frame for this long is closed ({@code idle_timeout})
     * @param maxFrameLength longest accepted frame, in characters; a longer one closes the connection
     *     with 1009. At least what every valid {@code send} needs ({@code Limits.minFrameChars()}, about
     *     100,000 for the default body limit: JSON may escape each character as six)
     * @param maxQueuedLength frames not yet taken by a slow client, in characters; past it the
     *     connection is closed with {@code slow_consumer} (the client reconnects and syncs)
     * @param sendTimeout a frame the client does not take within this long closes the connection
     * @param placement {@code redirect}: a user connecting to a node that does not own them is sent to
     *     the owner; {@code accept}: served where they connect (location still routes correctly)
     * @param rebalanceRate when the ring changes (a node joined), at most this many of this node's
     *     users per second are redirected to their new owner, so a new node is not stampeded
     * @param drainPeriod on shutdown, after leaving the ring, connections are moved to their new owners
     *     spread over this period (keep it below the orchestrator's termination grace period)
     * @param sendRate messages per second one connection may send on average; more are answered
     *     {@code rate_limited}
     * @param sendBurst messages one connection may send at once before {@code send-rate} applies
     * @param connectRate new connections per second this node takes; more are closed with {@code
     *     connect_throttled} (4429) and reconnect after their backoff, so a storm (another gateway died)
     *     cannot starve the connections already held, the membership heartbeat or presence
     * @param connectBurst new connections this node takes at once before {@code connect-rate} applies
     * @param answerTimeout a {@code send} that routing has not answered ({@code accepted} or an error)
     *     within this long is answered {@code unavailable} (the store or routing is away); the client
     *     resends with the same clientMsgId
     */
    public record ConnectionSettings(
            @DefaultValue("25s") Duration heartbeatInterval,
            @DefaultValue("60s") Duration idleTimeout,
            @DefaultValue("131072") int maxFrameLength,
            @DefaultValue("1048576") int maxQueuedLength,
            @DefaultValue("10s") Duration sendTimeout,
            @DefaultValue("redirect") Placement placement,
            @DefaultValue("200") int rebalanceRate,
            @DefaultValue("5s") Duration drainPeriod,
            @DefaultValue("100") int sendRate,
            @DefaultValue("200") int sendBurst,
            @DefaultValue("1000") int connectRate,
            @DefaultValue("500") int connectBurst,
            @DefaultValue("5s") Duration answerTimeout) {

        public ConnectionSettings {
            if (maxFrameLength < 1024 || maxQueuedLength < maxFrameLength) {
                throw new IllegalArgumentException(
                        "im.gateway.connection.max-frame-length must be >= 1024 and max-queued-length >= it");
            }
            if (rebalanceRate < 1 || sendRate < 1 || sendBurst < 1 || connectRate < 1 || connectBurst < 1) {
                throw new IllegalArgumentException("im.gateway.connection.rebalance-rate, send-rate, send-burst,"
                        + " connect-rate and connect-burst must be >= 1");
            }
        }
    }

    /**
     * The routing service, asked for stored messages when a client sends {@code sync}.
     *
     * @param url the base URL of its management port, where its internal API is (on Kubernetes the
     *     routing-internal Service)
     * @param timeout how long one sync request may take before the client gets {@code unavailable}
     * @param concurrency how many sync requests this node has in flight to routing at once (the rest
     *     queue; a full queue answers {@code unavailable})
     */
    public record Routing(
            @DefaultValue("http://127.0.0.1:9090") URI url,
            @DefaultValue("5s") Duration timeout,
            @DefaultValue("16") int concurrency) {

        public Routing {
            if (concurrency < 1) {
                throw new IllegalArgumentException("im.gateway.routing.concurrency must be >= 1");
            }
        }
    }

    /**
     * Group membership on this node (its local members) and the group distribution it publishes.
     *
     * @param url the base URL of group-service's management port, where its internal API is (on
     *     Kubernetes the group-internal Service)
     * @param timeout how long one request to group-service may take
     * @param eventWait a group message made at a membership version this node has not seen yet waits
     *     this long for the change events before the node reloads the group's members itself
     * @param distributionFlush how often changed member counts are written to the group distribution (Redis); the
     *     delay before a newly online member's node starts getting the group's messages
     */
    public record Groups(
            @DefaultValue("http://127.0.0.1:9092") URI url,
            @DefaultValue("5s") Duration timeout,
            @DefaultValue("500ms") Duration eventWait,
            @DefaultValue("100ms") Duration distributionFlush) {}

    /** What to do with a user who connects to a node that does not own them. */
    public enum Placement {
        REDIRECT,
        ACCEPT
    }
}
