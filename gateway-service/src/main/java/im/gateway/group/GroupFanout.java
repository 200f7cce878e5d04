package im.gateway.group;

import im.gateway.GatewayProperties;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Hands a group message to the group's local members once the table is at least as recent as the
 * membership routing checked (the message's version), without ever parking a queue consumer: a
 * message the table is not ready for waits here, its group's later messages queue behind it (one
 * conversation keeps its order), the node waits up to {@code im.gateway.groups.event-wait} for the
 * change events, and then reloads the group from group-service on this component's own thread.
 *
 * <p>Threading: {@link #deliver} runs on the node-queue consumer thread and never blocks; the
 * waiting, reloading and the fan-out of queued messages run on the {@code group-fanout} thread. The
 * per-group queues are guarded by this object's monitor.
 */
@Component
public class GroupFanout implements DisposableBean {

    /** A message waiting for its group's table. */
    private record Waiting(long version, Consumer<List<String>> fanout) {}

    private final LocalGroups table;
    private final Duration eventWait;
    private final Map<String, ArrayDeque<Waiting>> waiting = new HashMap<>();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "group-fanout");
        t.setDaemon(true);
        return t;
    });

    GroupFanout(LocalGroups table, GatewayProperties properties) {
        this.table = table;
        this.eventWait = properties.groups().eventWait();
        table.onApplied(group -> worker.execute(() -> drainReached(group)));
    }

    /**
     * Calls {@code fanout} with the group's local members as of a table at least {@code version}
     * recent: now if the table is ready and nothing of the group waits, else later, in arrival order.
     */
    public void deliver(String group, long version, Consumer<List<String>> fanout) {
        synchronized (this) {
            ArrayDeque<Waiting> queue = waiting.get(group);
            if (queue != null || !table.reached(group, version)) {
                if (queue == null) {
                    queue = new ArrayDeque<>();
                    waiting.put(group, queue);
                    scheduleCatchUp(group, table.known(group));
                }
                queue.add(new Waiting(version, fanout));
                return;
            }
        }
        fanout.accept(table.members(group));
    }

    /** Groups with messages waiting (for metrics and tests). */
    public synchronized int waitingGroups() {
        return waiting.size();
    }

    private void scheduleCatchUp(String group, boolean known) {
        // A group this node never saw has no events coming to wait for: it is loaded at once.
        long delay = known ? eventWait.toMillis() : 0;
        worker.schedule(() -> catchUp(group), delay, TimeUnit.MILLISECONDS);
    }

    /**
     * The events did not bring the table far enough in time: reload it, then deliver what waited
     * before the reload (the reload is as recent as group-service now, so at least as recent as
     * those), and the rest as the table becomes ready for them.
     */
    private void catchUp(String group) {
        int waited;
        synchronized (this) {
            ArrayDeque<Waiting> queue = waiting.get(group);
            if (queue == null) {
                return; // drained by the events meanwhile
            }
            waited = queue.size();
        }
        table.reload(group);
        drain(group, waited, true);
    }

    /** An event raised the group's version: deliver what is now ready (a catch-up is already scheduled). */
    private void drainReached(String group) {
        drain(group, 0, false);
    }

    /**
     * Delivers waiting messages in order: the first {@code unconditionally} of them whatever the
     * table's version, then while the table is ready for the next. Ordering hazard: a message stays at
     * the head of its queue until its fan-out is done, so one that arrives meanwhile queues behind it
     * instead of being fanned out first by the consumer thread.
     */
    private void drain(String group, int unconditionally, boolean catchUpIfBehind) {
        for (int delivered = 0; ; delivered++) {
            Waiting next;
            synchronized (this) {
                ArrayDeque<Waiting> queue = waiting.get(group);
                if (queue == null) {
                    return;
                }
                next = queue.peek();
                if (next == null) {
                    waiting.remove(group);
                    return;
                }
                if (delivered >= unconditionally && !table.reached(group, next.version())) {
                    if (catchUpIfBehind) {
                        // Still behind: the events may yet come; if not, the next catch-up reloads.
                        scheduleCatchUp(group, true);
                    }
                    return;
                }
            }
            next.fanout().accept(table.members(group));
            synchronized (this) {
                ArrayDeque<Waiting> queue = waiting.get(group);
                queue.poll();
                if (queue.isEmpty()) {
                    waiting.remove(group);
                }
            }
        }
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
