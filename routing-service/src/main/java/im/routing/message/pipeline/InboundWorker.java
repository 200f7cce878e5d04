package im.routing.message.pipeline;

import im.routing.RoutingProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code inbound-work} thread of {@link InboundLoop}: stores the batches the poller hands it and
 * starts their forwards. Every batch waiting when the worker is free is stored in one transaction, in
 * poll order (a group commit: while one transaction waits for its flush, the next collects everything
 * that arrives, so a batch grows with the load instead of each poll paying a flush of its own). A batch
 * that failed (its store or its forwards) runs again, alone, before anything newer.
 *
 * <p>Threading: {@link #submit} and {@link #dropQueued} are called by the poller; the forwards complete
 * on the producer's I/O thread, which marks the batches done (or hands them back as failed) and calls
 * {@code onFinished}. Only the worker thread touches {@code redo}.
 */
final class InboundWorker {

    private static final Logger log = LoggerFactory.getLogger(InboundWorker.class);

    private final Pipeline pipeline;
    private final RoutingProperties.Pipeline settings;
    private final Runnable onFinished;
    private final Counter reruns;
    private final BlockingQueue<InboundBatch> work = new LinkedBlockingQueue<>();
    private final BlockingQueue<InboundBatch> failed = new LinkedBlockingQueue<>();
    private final ArrayDeque<InboundBatch> redo = new ArrayDeque<>(); // worker thread only
    private volatile boolean accepting;
    private Thread thread;

    InboundWorker(Pipeline pipeline, RoutingProperties.Pipeline settings, MeterRegistry registry, Runnable onFinished) {
        this.pipeline = pipeline;
        this.settings = settings;
        this.onFinished = onFinished;
        this.reruns = Counter.builder("im.routing.batch.reruns")
                .description("Pipeline batches run again because a store or its forwards failed")
                .register(registry);
    }

    synchronized void start() {
        accepting = true;
        thread = new Thread(this::workLoop, "inbound-work");
        thread.start();
    }

    /** Queues a polled batch. */
    void submit(InboundBatch b) {
        work.add(b);
    }

    /** Drops the batches not started yet: their partitions went to another consumer. */
    void dropQueued() {
        work.clear();
    }

    /** No new batches come; what is queued or failed is still tried until {@link #stop}. */
    void finishing() {
        accepting = false;
    }

    /** Interrupts the worker and waits for it (up to 30 s). */
    void stop() {
        Thread t = thread;
        if (t == null) {
            return;
        }
        t.interrupt();
        try {
            t.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void workLoop() {
        // While finishing, batches that failed are still tried until the poller's final wait is over
        // (then the worker is interrupted): their offsets are committed only if they finish.
        while (!Thread.currentThread().isInterrupted()
                && (accepting || !work.isEmpty() || !failed.isEmpty() || !redo.isEmpty())) {
            List<InboundBatch> next;
            try {
                next = next();
            } catch (InterruptedException e) {
                return;
            }
            if (!next.isEmpty()) {
                try {
                    run(next);
                } catch (RuntimeException e) {
                    // Never let one batch end the only worker: nothing would be stored or committed
                    // again while the poller keeps the partitions. The batches run again.
                    log.error("{} batches failed unexpectedly; they run again", next.size(), e);
                    failed.addAll(next);
                }
            }
        }
    }

    /** A batch that failed, alone; otherwise every batch polled meanwhile, in poll order. */
    private List<InboundBatch> next() throws InterruptedException {
        failed.drainTo(redo);
        List<InboundBatch> next = new ArrayList<>();
        if (!redo.isEmpty()) {
            next.add(redo.poll());
        } else {
            InboundBatch first = work.poll(100, TimeUnit.MILLISECONDS);
            if (first != null) {
                next.add(first);
                work.drainTo(next);
            }
        }
        next.removeIf(InboundBatch::abandoned);
        return next;
    }

    /** Stores {@code batches} (again and again, with growing pauses, until stored) and starts their forwards. */
    private void run(List<InboundBatch> batches) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        batches.forEach(b -> records.addAll(b.records));
        List<Outcome> outcomes = null;
        while (outcomes == null && batches.stream().anyMatch(b -> !b.abandoned())) {
            int attempt = batches.get(0).attempt();
            if (attempt > 1) {
                reruns.increment();
                if (!pause(attempt)) {
                    return;
                }
            }
            try {
                outcomes = pipeline.store(records);
            } catch (RuntimeException e) {
                log.warn("storing a batch of {} failed (attempt {}): {}", records.size(), attempt, e.toString());
                tellSenders(batches);
            }
        }
        if (outcomes == null) {
            return;
        }
        pipeline.forward(outcomes).whenComplete((x, e) -> {
            for (InboundBatch b : batches) {
                if (e == null) {
                    b.markDone();
                } else if (!b.abandoned()) {
                    failed.add(b);
                }
            }
            if (e != null) {
                log.warn("forwards of {} batches failed: {}; they run again", batches.size(), e.toString());
            }
            onFinished.run();
        });
    }

    /**
     * The store is failing: every sender waiting in {@code failing} or in a batch queued behind it gets
     * {@code unavailable} (once per batch) instead of silence until the store is back. Their records
     * stay uncommitted and are stored once it is; a client that resends (same clientMsgId) then gets
     * the one {@code accepted}.
     */
    private void tellSenders(List<InboundBatch> failing) {
        List<ConsumerRecord<String, String>> told = new ArrayList<>();
        for (InboundBatch b : failing) {
            if (b.tellSendersOnce()) {
                told.addAll(b.records);
            }
        }
        for (InboundBatch b : work) {
            if (b.tellSendersOnce()) {
                told.addAll(b.records);
            }
        }
        pipeline.notStoredYet(told);
    }

    /** Sleeps 50 ms doubling up to {@code retry-backoff-max} for {@code attempt}; false if stopping. */
    private boolean pause(int attempt) {
        long millis = Math.min(settings.retryBackoffMax().toMillis(), 50L << Math.min(attempt - 2, 16));
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
