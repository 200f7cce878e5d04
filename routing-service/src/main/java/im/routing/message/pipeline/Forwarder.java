package im.routing.message.pipeline;

import im.cluster.RingHolder;
import im.contracts.message.ChatMessage;
import im.contracts.message.Delivery;
import im.contracts.message.InboundMessage;
import im.messaging.NodeQueueRecords;
import im.protocol.ConversationId;
import im.protocol.ErrorCode;
import im.protocol.frame.FrameCodec;
import im.protocol.frame.ServerFrame;
import im.routing.RoutingProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends each outcome to the node queues that need it: one record per node per message. Where a user
 * is comes from {@link UserNodes}; a user on no node still gets the record at their ring owner, which
 * finds no session and drops it: the message waits in the store for their sync.
 */
@Component
class Forwarder {

    private final KafkaTemplate<String, String> kafka;
    private final UserNodes users;
    private final RingHolder ring;
    private final GroupDistribution groups;
    private final Duration timeout;
    private final Clock clock;
    private final Timer acceptLatency;

    Forwarder(
            KafkaTemplate<String, String> kafka,
            UserNodes users,
            RingHolder ring,
            GroupDistribution groups,
            RoutingProperties properties,
            Clock clock,
            MeterRegistry registry) {
        this.kafka = kafka;
        this.users = users;
        this.ring = ring;
        this.groups = groups;
        this.timeout = properties.pipeline().forwardTimeout();
        this.clock = clock;
        this.acceptLatency = Timer.builder("im.routing.accept.latency")
                .description("From the sender's gateway receiving a message to its forwards taken by Kafka")
                .publishPercentileHistogram()
                .register(registry);
    }

    /**
     * Sends every forward and returns once Kafka acknowledged all of them; throws if it did not. Each
     * message's client frames are written here once, whatever the number of nodes and devices.
     */
    void forward(List<Outcome> outcomes) {
        try {
            send(outcomes).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while forwarding", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("forwards not acknowledged by Kafka; the batch will run again", e);
        }
    }

    /**
     * Sends every forward of {@code outcomes} without waiting; the future completes once Kafka took all
     * of them (exceptionally if it did not within {@code forward-timeout}). Sends are issued in the
     * order of {@code outcomes}, so a caller that sends batch after batch from one thread keeps every
     * conversation in order on its node queues.
     */
    CompletableFuture<Void> send(List<Outcome> outcomes) {
        List<CompletableFuture<?>> sends = new ArrayList<>();
        Map<String, Set<String>> groupNodes = new HashMap<>();
        for (Outcome o : outcomes) {
            InboundMessage in = o.inbound();
            if (o.error() != null) {
                sends.add(send(in.senderNode(), rejected(in, o.error())));
                continue;
            }
            ChatMessage m = o.stored();
            String push = FrameCodec.encode(frame(m));
            String accepted = FrameCodec.encode(
                    new ServerFrame.Accepted(m.clientMsgId(), m.id(), m.conversation(), m.seq(), m.storedAtMillis()));
            if (ConversationId.isGroup(in.conversation())) {
                // One record per node with online members (the group distribution), whatever their
                // number there, plus the sender's node, which answers the sender.
                Set<String> nodes = new LinkedHashSet<>(groupNodes.computeIfAbsent(
                        in.to(),
                        g -> groups.nodesOf(g, Set.copyOf(ring.current().ring().nodes()))));
                nodes.add(in.senderNode());
                for (String node : nodes) {
                    boolean origin = node.equals(in.senderNode());
                    sends.add(send(
                            node, delivery(Delivery.Kind.GROUP, m, List.of(), origin ? in : null, o, push, accepted)));
                }
                continue;
            }
            for (Map.Entry<String, Set<String>> e : targets(m, in.senderNode()).entrySet()) {
                boolean origin = e.getKey().equals(in.senderNode());
                sends.add(send(
                        e.getKey(),
                        delivery(
                                Delivery.Kind.MESSAGE,
                                m,
                                List.copyOf(e.getValue()),
                                origin ? in : null,
                                o,
                                push,
                                accepted)));
            }
        }
        return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenRun(() -> {
                    long now = clock.millis();
                    outcomes.forEach(o ->
                            acceptLatency.record(Math.max(0, now - o.inbound().sentAtMillis()), TimeUnit.MILLISECONDS));
                });
    }

    /** Sends each sender of {@code messages} an {@code error} with {@code code}; not awaited. */
    void refuse(List<InboundMessage> messages, ErrorCode code) {
        for (InboundMessage in : messages) {
            send(in.senderNode(), rejected(in, code.code()));
        }
    }

    /** Node → users of the message there. The sender's node is always included: it answers the sender. */
    private Map<String, Set<String>> targets(ChatMessage m, String senderNode) {
        Map<String, Set<String>> byNode = new LinkedHashMap<>();
        byNode.computeIfAbsent(senderNode, k -> new LinkedHashSet<>()).add(m.from());
        for (String user : m.from().equals(m.to()) ? List.of(m.from()) : List.of(m.to(), m.from())) {
            for (String node : users.of(user)) {
                byNode.computeIfAbsent(node, k -> new LinkedHashSet<>()).add(user);
            }
        }
        return byNode;
    }

    private CompletableFuture<?> send(String node, Delivery d) {
        // Keyed by conversation: on the node's queue one conversation stays on one partition, in order.
        return kafka.send(NodeQueueRecords.toRecord(node, d));
    }

    private static Delivery delivery(
            Delivery.Kind kind,
            ChatMessage m,
            List<String> users,
            InboundMessage origin,
            Outcome o,
            String push,
            String accepted) {
        return new Delivery(
                kind,
                m.conversation(),
                m.seq(),
                users,
                origin == null ? null : origin.senderSession(),
                m.from(),
                o.groupVersion(),
                m.sentAtMillis(),
                push,
                origin == null ? null : accepted,
                origin == null ? null : origin.clientMsgId());
    }

    private static Delivery rejected(InboundMessage in, String code) {
        ErrorCode error = ErrorCode.fromCode(code);
        String frame = FrameCodec.encode(new ServerFrame.Error(error.code(), error.meaning(), null, in.clientMsgId()));
        return new Delivery(
                Delivery.Kind.REJECTED,
                in.conversation(),
                0,
                List.of(),
                in.senderSession(),
                in.from(),
                0,
                in.sentAtMillis(),
                frame,
                null,
                in.clientMsgId());
    }

    /** The {@code message} frame of a stored message (what recipients get pushed). */
    static ServerFrame.Message frame(ChatMessage m) {
        return new ServerFrame.Message(
                m.id(),
                m.conversation(),
                m.seq(),
                m.from(),
                m.to(),
                m.clientMsgId(),
                m.body(),
                m.sentAtMillis(),
                m.storedAtMillis());
    }
}
