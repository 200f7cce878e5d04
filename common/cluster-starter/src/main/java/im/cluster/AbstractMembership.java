package im.cluster;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both implementations share: one thread that owns the member map (every read of the store and
 * every change runs on it, so changes are applied and announced in order without locks), the diff,
 * the one log line per change, and listener dispatch.
 */
public abstract class AbstractMembership implements Membership {

    private static final Logger log = LoggerFactory.getLogger(AbstractMembership.class);

    protected final MembershipProperties properties;
    protected final Clock clock;
    protected final ScheduledExecutorService executor;
    private final List<Consumer<MembershipChange>> listeners = new CopyOnWriteArrayList<>();
    private volatile Map<String, Member> members = Map.of();
    /** Set once by {@link #abandon()}; nothing runs after it. */
    protected volatile boolean stopped;

    protected AbstractMembership(MembershipProperties properties, Clock clock, String kind) {
        this.properties = properties;
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "membership-" + kind);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public Map<String, Member> members() {
        return members;
    }

    @Override
    public void addListener(Consumer<MembershipChange> listener) {
        listeners.add(listener);
    }

    /** Replaces the member set (on the membership thread); announces the difference if any. */
    protected void apply(Map<String, Member> next, String reason) {
        Map<String, Member> before = members;
        Set<String> joined = new TreeSet<>(next.keySet());
        joined.removeAll(before.keySet());
        Set<String> left = new TreeSet<>(before.keySet());
        left.removeAll(next.keySet());
        members = Map.copyOf(next);
        if (joined.isEmpty() && left.isEmpty()) {
            return;
        }
        MembershipChange change = new MembershipChange(members, Set.copyOf(joined), Set.copyOf(left), reason);
        // Debug only: RingHolder logs each change once per service, with the diff, reason and signature.
        log.debug(
                "membership: {} members {}; joined {} left {} ({})",
                members.size(),
                new TreeSet<>(members.keySet()),
                joined,
                left,
                reason);
        for (Consumer<MembershipChange> l : listeners) {
            try {
                l.accept(change);
            } catch (RuntimeException e) {
                log.warn("membership listener failed on {}: {}", change, e.toString(), e);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        leave();
        abandon();
    }

    /** The current map with {@code ids} removed. */
    protected Map<String, Member> without(Set<String> ids) {
        Map<String, Member> next = new java.util.HashMap<>(members);
        next.keySet().removeAll(new HashSet<>(ids));
        return next;
    }

    /** Runs {@code task} on the membership thread, logging instead of dying on failure. */
    protected void submit(String what, Runnable task) {
        if (executor.isShutdown()) {
            return;
        }
        try {
            executor.execute(() -> guarded(what, task));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down
        }
    }

    protected void scheduleEvery(String what, java.time.Duration period, Runnable task) {
        executor.scheduleWithFixedDelay(
                () -> guarded(what, task), period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void guarded(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("membership {} failed: {}", what, e.toString());
        }
    }

    /** Stops the membership thread, waiting briefly for a running task. */
    protected void stopExecutor() {
        stopAndWait(executor);
    }

    /** Stops {@code e}, waiting up to 2 s for a running task. */
    protected static void stopAndWait(java.util.concurrent.ExecutorService e) {
        e.shutdownNow();
        try {
            e.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
