package im.routing.message.pipeline;

import im.contracts.message.MessageTopics;
import im.routing.RoutingProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code im.inbound} and runs each polled batch through the pipeline's two stages, storing
 * batch n+1 while the forwards of batch n are in flight, and never stalling the fetch to commit.
 *
 * <p>Threading: the {@code inbound-poll} thread alone touches the Kafka consumer: it polls, queues each
 * batch for the worker ({@link InboundWorker}), commits the offsets of finished batches (asynchronously, at most every {@code
 * commit-interval}), and pauses fetching while {@code max-in-flight} batches are unfinished (waking as
 * soon as one finishes). The {@code inbound-work} thread stores every batch waiting for it in one
 * PostgreSQL transaction (a group commit) and starts their forwards; the producer's I/O thread
 * completes them. Neither blocks the other.
 *
 * <p>Ordering: the one worker stores batches in poll order and issues their forwards in that order, so
 * each conversation keeps its order on its node queue. A batch whose forwards failed is run again
 * (store finds the messages stored, same ids and numbers; the forwards go again) before any new one;
 * a later batch may then have reached a node first, which the gateways' per-connection dedup and the
 * clients' gap sync make harmless.
 *
 * <p>Offsets: committed up to a batch only when it and every earlier batch are stored and forwarded,
 * so a crash (or a lost partition) re-runs what was not finished, and nothing accepted is lost. A
 * consumer that lost its partitions (a rebalance, a long pause) cannot commit any more (the group's
 * generation fences it); if it still stores, the database decides: the conversation row lock orders
 * the two transactions and the dedup index refuses the second copy, so no number is given twice and
 * none is skipped.
 */
@Component
class InboundLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InboundLoop.class);
    static final String GROUP = "routing";

    private final ConsumerFactory<String, String> consumers;
    private final RoutingProperties.Pipeline settings;
    private final ConcurrentLinkedDeque<InboundBatch> inFlight = new ConcurrentLinkedDeque<>();
    private final InboundWorker worker;
    private volatile boolean running;
    private volatile Consumer<String, String> consumer;
    private volatile Thread poller;

    InboundLoop(
            ConsumerFactory<String, String> consumers,
            Pipeline pipeline,
            RoutingProperties properties,
            MeterRegistry registry) {
        this.consumers = consumers;
        this.settings = properties.pipeline();
        this.worker = new InboundWorker(pipeline, settings, registry, this::finished);
        Gauge.builder("im.routing.batch.in.flight", inFlight, Collection::size)
                .description("Polled batches not yet stored and forwarded")
                .register(registry);
    }

    @Override
    public synchronized void start() {
        running = true;
        poller = new Thread(this::pollLoop, "inbound-poll");
        poller.start();
        worker.start();
    }

    @Override
    public void stop() {
        running = false;
        worker.finishing();
        Consumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        join(poller);
        worker.stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Stops before the producer and the database pool it needs to finish what is in flight.
        return DEFAULT_PHASE - 100;
    }

    // ---- the polling thread ----

    private void pollLoop() {
        try (Consumer<String, String> c = consumers.createConsumer(GROUP, "routing-inbound", null)) {
            consumer = c;
            c.subscribe(List.of(MessageTopics.INBOUND), new Rebalance(c));
            Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
            long lastCommit = System.nanoTime();
            while (running) {
                ConsumerRecords<String, String> polled;
                try {
                    polled = c.poll(throttle(c));
                } catch (WakeupException e) {
                    break;
                }
                if (!polled.isEmpty()) {
                    InboundBatch b = InboundBatch.of(polled);
                    inFlight.add(b);
                    worker.submit(b);
                }
                collectFinished(pending);
                if (!pending.isEmpty()
                        && System.nanoTime() - lastCommit
                                >= settings.commitInterval().toNanos()) {
                    commit(c, pending, false);
                    lastCommit = System.nanoTime();
                }
            }
            finishInFlight(settings.forwardTimeout());
            collectFinished(pending);
            commit(c, pending, true);
        } catch (RuntimeException e) {
            log.error("the inbound consumer stopped; the batches it did not finish run again elsewhere", e);
        } finally {
            consumer = null;
        }
    }

    /** Moves the offsets of the finished prefix of {@code inFlight} into {@code pending}. */
    private void collectFinished(Map<TopicPartition, OffsetAndMetadata> pending) {
        for (InboundBatch b = inFlight.peek(); b != null && b.done(); b = inFlight.peek()) {
            inFlight.poll();
            pending.putAll(b.nextOffsets); // later batches come later: their offsets win
        }
    }

    private void commit(Consumer<String, String> c, Map<TopicPartition, OffsetAndMetadata> pending, boolean sync) {
        if (pending.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = Map.copyOf(pending);
        pending.clear();
        try {
            if (sync) {
                c.commitSync(offsets, Duration.ofSeconds(10));
            } else {
                c.commitAsync(offsets, (o, e) -> {
                    if (e != null) {
                        // The next commit covers these; after a rebalance the new owner re-runs them.
                        log.debug("offset commit failed: {}", e.toString());
                    }
                });
            }
        } catch (RuntimeException e) {
            log.info("offsets not committed ({}); those batches run again after the rebalance", e.toString());
        }
    }

    /**
     * Back-pressure: while {@code max-in-flight} batches are unfinished, fetching is paused and the
     * poller waits (up to {@code poll-timeout}) for one of them to finish, then polls without waiting
     * (paused partitions return nothing, but the poll keeps the group membership alive). A paused
     * {@code poll(poll-timeout)} would instead hold back every new message for the whole timeout.
     * Answers how long the next poll may wait.
     */
    private Duration throttle(Consumer<String, String> c) {
        if (inFlight.size() < settings.maxInFlight()) {
            if (!c.paused().isEmpty()) {
                c.resume(c.paused());
            }
            return settings.pollTimeout();
        }
        c.pause(c.assignment());
        long deadline = System.nanoTime() + settings.pollTimeout().toNanos();
        while (running && countUnfinished() >= settings.maxInFlight() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(this, deadline - System.nanoTime()); // unparked by finished()
        }
        return Duration.ZERO;
    }

    private long countUnfinished() {
        return inFlight.stream().filter(b -> !b.done()).count();
    }

    /** A batch finished (on the producer's thread): wake the poller if it waits for room. */
    private void finished() {
        Thread p = poller;
        if (p != null) {
            LockSupport.unpark(p);
        }
    }

    /** Waits (up to {@code max}) until every batch in flight is done. */
    private void finishInFlight(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (inFlight.stream().anyMatch(b -> !b.done()) && System.nanoTime() < deadline) {
            sleep(5);
        }
    }

    /** Drops what is in flight: its partitions are someone else's now, who runs it again. */
    private void abandonInFlight() {
        inFlight.forEach(InboundBatch::abandon);
        inFlight.clear();
        worker.dropQueued();
    }

    /** On a rebalance: finish and commit what can be, give the rest up, and start assigned partitions from their commits. */
    private final class Rebalance implements ConsumerRebalanceListener {
        private final Consumer<String, String> c;

        Rebalance(Consumer<String, String> c) {
            this.c = c;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            finishInFlight(settings.revokeWait());
            Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
            collectFinished(pending);
            commit(c, pending, true);
            abandonInFlight();
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            abandonInFlight(); // no commit: the generation is gone
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // Abandoned batches may have moved the position past records nobody finished: start each
            // partition from what was committed.
            c.committed(java.util.Set.copyOf(partitions)).forEach((tp, offset) -> {
                if (offset != null) {
                    c.seek(tp, offset);
                }
            });
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread t) {
        if (t == null) {
            return;
        }
        try {
            t.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
