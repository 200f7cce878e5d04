package im.routing.message.pipeline;

import im.contracts.ContractJson;
import im.contracts.message.ChatMessage;
import im.contracts.message.InboundMessage;
import im.group.client.GroupMembers;
import im.presence.client.BlockList;
import im.protocol.ConversationId;
import im.protocol.ErrorCode;
import im.protocol.UserIds;
import im.routing.message.store.MessageStore;
import im.routing.message.store.MessageStore.Key;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One batch of {@code im.inbound}, start to finish: dedup, block check, sequence numbers and store
 * in one transaction, then the forwards to the node queues.
 *
 * <p>Ordering hazard, ack vs. commit: the caller commits the batch's Kafka offsets only after this
 * returns, that is after the transaction committed and Kafka took every forward. A crash before that
 * re-runs the batch: the dedup key finds the stored messages (same ids, same sequence numbers) and
 * they are forwarded again; gateways drop a push they already made. Nothing is lost, nothing stored
 * twice, nothing reordered.
 */
@Service
class Pipeline {

    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

    private final MessageStore store;
    private final BlockList blocks;
    private final GroupMembers groups;
    private final Forwarder forwarder;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Map<String, Counter> outcomes = new HashMap<>();
    private final DistributionSummary batchSize;
    private final Timer storeTime;
    private final Timer forwardTime;

    Pipeline(
            MessageStore store,
            BlockList blocks,
            GroupMembers groups,
            Forwarder forwarder,
            TransactionTemplate tx,
            Clock clock,
            MeterRegistry registry) {
        this.store = store;
        this.blocks = blocks;
        this.groups = groups;
        this.forwarder = forwarder;
        this.tx = tx;
        this.clock = clock;
        for (String o : List.of("stored", "duplicate", "blocked", "forbidden", "malformed")) {
            outcomes.put(
                    o,
                    Counter.builder("im.routing.messages")
                            .description("Inbound messages by outcome")
                            .tag("outcome", o)
                            .register(registry));
        }
        this.storeTime = Timer.builder("im.routing.batch.stage")
                .description("Time per batch in each pipeline stage")
                .tag("stage", "store")
                .register(registry);
        this.forwardTime = Timer.builder("im.routing.batch.stage")
                .description("Time per batch in each pipeline stage")
                .tag("stage", "forward")
                .register(registry);
        this.batchSize = DistributionSummary.builder("im.routing.batch.size")
                .description("Inbound messages per pipeline batch")
                .register(registry);
    }

    /** One batch start to finish, the forwards awaited: the synchronous path (and the tests'). */
    void process(List<ConsumerRecord<String, String>> records) {
        List<Outcome> results = store(records);
        forwardTime.record(() -> forwarder.forward(results));
    }

    /**
     * The first stage: reads the records (a malformed one is skipped and counted), and in one
     * transaction dedups, checks and stores them; throws if the store cannot (the caller runs the batch
     * again: dedup makes that safe). Answers what became of each message, in record order.
     */
    List<Outcome> store(List<ConsumerRecord<String, String>> records) {
        List<InboundMessage> batch = new ArrayList<>(records.size());
        for (ConsumerRecord<String, String> r : records) {
            InboundMessage m = parse(r.value());
            if (m == null) {
                // Only gateways write here, so this is a bug; retrying cannot fix it, and a record that
                // fails the transaction every time would stall its partition forever.
                log.error("skipping malformed record {}-{}@{}", r.topic(), r.partition(), r.offset());
                outcomes.get("malformed").increment();
            } else {
                batch.add(m);
            }
        }
        batchSize.record(batch.size());
        if (batch.isEmpty()) {
            return List.of();
        }
        List<Outcome> results = storeTime.record(() -> tx.execute(status -> decide(batch)));
        results.forEach(o -> outcomes.get(o.error() != null ? o.error() : o.duplicate() ? "duplicate" : "stored")
                .increment());
        return results;
    }

    /**
     * Tells the senders of {@code records} that their messages are not stored yet ({@code
     * unavailable}), without waiting: a failed notice costs nothing but the client's own timeout.
     */
    void notStoredYet(List<ConsumerRecord<String, String>> records) {
        List<InboundMessage> messages = new ArrayList<>(records.size());
        for (ConsumerRecord<String, String> r : records) {
            InboundMessage m = parse(r.value());
            if (m != null) {
                messages.add(m);
            }
        }
        if (messages.isEmpty()) {
            return;
        }
        try {
            forwarder.refuse(messages, ErrorCode.UNAVAILABLE);
        } catch (RuntimeException e) {
            log.debug("unavailable notices not sent: {}", e.toString());
        }
    }

    /** The second stage: the forwards of a stored batch, not awaited (see {@link Forwarder#send}). */
    java.util.concurrent.CompletableFuture<Void> forward(List<Outcome> results) {
        long t0 = System.nanoTime();
        java.util.concurrent.CompletableFuture<Void> sent;
        try {
            sent = forwarder.send(results);
        } catch (RuntimeException e) {
            // The forwarder reads Redis (locations, the group distribution) before it sends: a Redis
            // failure there fails this batch's forwards, which then run again, instead of escaping
            // into the worker thread and stopping the pipeline.
            sent = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        return sent.whenComplete(
                (x, e) -> forwardTime.record(System.nanoTime() - t0, java.util.concurrent.TimeUnit.NANOSECONDS));
    }

    /**
     * Inside the transaction: which messages are duplicates, which are refused (a block between two
     * users, a sender outside the group), and store the rest.
     */
    private List<Outcome> decide(List<InboundMessage> batch) {
        Map<Key, ChatMessage> existing =
                store.findExisting(batch.stream().map(Pipeline::key).distinct().toList());
        GroupAccess access = GroupAccess.read(batch, existing.keySet(), groups);
        // First occurrence of each key in this batch is the one stored; later ones are duplicates of it.
        Map<Key, InboundMessage> fresh = new LinkedHashMap<>();
        Map<Key, String> refused = new HashMap<>();
        for (InboundMessage m : batch) {
            Key k = key(m);
            if (!existing.containsKey(k) && !fresh.containsKey(k) && !refused.containsKey(k)) {
                // Dedup before the checks: a resend of a message stored before a block was set (or
                // before the sender left the group) still gets its original answer, 'accepted'.
                String refusal = access.isGroup(m) ? access.refusal(m) : blocked(m);
                if (refusal != null) {
                    refused.put(k, refusal);
                } else {
                    fresh.put(k, m);
                }
            }
        }
        Map<Key, ChatMessage> stored = new HashMap<>();
        List<ChatMessage> inserted = store.insert(List.copyOf(fresh.values()), clock.millis());
        inserted.forEach(m -> stored.put(new Key(m.from(), m.clientMsgId()), m));
        List<Outcome> out = new ArrayList<>(batch.size());
        Map<Key, Boolean> reported = new HashMap<>();
        for (InboundMessage m : batch) {
            Key k = key(m);
            boolean first = reported.put(k, true) == null;
            if (existing.containsKey(k)) {
                out.add(Outcome.duplicate(m, existing.get(k)));
            } else if (refused.containsKey(k)) {
                out.add(Outcome.rejected(m, refused.get(k)));
            } else {
                out.add(first ? Outcome.stored(m, stored.get(k)) : Outcome.duplicate(m, stored.get(k)));
            }
        }
        return out.stream()
                .map(o -> access.isGroup(o.inbound()) ? o.inGroup(access.version(o.inbound())) : o)
                .toList();
    }

    private String blocked(InboundMessage m) {
        return blocks.isBlocked(m.to(), m.from()) ? ErrorCode.BLOCKED.code() : null;
    }

    /** The record as a message the store will take, or null. */
    static InboundMessage parse(String json) {
        InboundMessage m;
        try {
            m = ContractJson.read(json, InboundMessage.class);
        } catch (RuntimeException e) {
            return null;
        }
        boolean ok = UserIds.valid(m.from())
                && m.to() != null
                && conversationOf(m).equals(m.conversation())
                && m.clientMsgId() != null
                && !m.clientMsgId().isEmpty()
                && m.body() != null
                && m.body().indexOf('\0') < 0
                && m.clientMsgId().indexOf('\0') < 0
                && m.senderNode() != null
                && m.senderSession() != null;
        return ok ? m : null;
    }

    /** The conversation {@code m} must name: the group's, or the direct one of sender and recipient. */
    private static String conversationOf(InboundMessage m) {
        try {
            return ConversationId.isGroup(m.conversation())
                    ? ConversationId.group(m.to())
                    : UserIds.valid(m.to()) ? ConversationId.direct(m.from(), m.to()) : "";
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static Key key(InboundMessage m) {
        return new Key(m.from(), m.clientMsgId());
    }
}
