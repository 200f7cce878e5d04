package im.gateway.group;

import im.gateway.session.SessionListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Feeds the table of local members from session opens and closes: a user arriving on this node has their groups loaded
 * from group-service off the WebSocket thread (retried a few times if group-service is away; until
 * then they get group messages by sync); a user leaving drops out of every group here.
 */
@Component
class GroupSessions implements SessionListener, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(GroupSessions.class);
    private static final int ATTEMPTS = 5;

    /** Users per lookup request. */
    static final int BATCH = 500;

    private final LocalGroups table;
    private final GroupDirectory directory;
    private final ScheduledExecutorService loader = Executors.newScheduledThreadPool(4, r -> {
        Thread t = new Thread(r, "group-loader");
        t.setDaemon(true);
        return t;
    });

    private final Queue<String> arriving = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final Counter loaded;
    private final Counter failed;

    GroupSessions(LocalGroups table, GroupDirectory directory, MeterRegistry registry) {
        this.table = table;
        this.directory = directory;
        this.loaded = Counter.builder("im.gateway.group.loads")
                .description("Users arriving here whose groups were loaded, by result")
                .tag("result", "loaded")
                .register(registry);
        this.failed = Counter.builder("im.gateway.group.loads")
                .description("Users arriving here whose groups were loaded, by result")
                .tag("result", "failed")
                .register(registry);
    }

    @Override
    public void arrived(String userId) {
        table.arrived(userId);
        arriving.add(userId);
        if (draining.compareAndSet(false, true)) {
            loader.execute(this::drain);
        }
    }

    /**
     * Loads everyone who arrived since the last lookup, {@value #BATCH} users per request: a connect
     * storm of thousands costs group-service a few requests per second instead of one per user, and
     * the last user of the storm is not left waiting behind all the others.
     */
    private void drain() {
        try {
            List<String> batch = new ArrayList<>(BATCH);
            for (String u; batch.size() < BATCH && (u = arriving.poll()) != null; ) {
                batch.add(u);
            }
            if (!batch.isEmpty()) {
                load(batch, 1);
            }
        } finally {
            draining.set(false);
        }
        // An arrival between the last poll and the reset above found draining set: pick it up here.
        if (!arriving.isEmpty() && draining.compareAndSet(false, true)) {
            loader.execute(this::drain);
        }
    }

    @Override
    public void left(String userId) {
        table.left(userId);
    }

    private void load(List<String> users, int attempt) {
        try {
            Map<String, List<GroupDirectory.Row>> rows = directory.groupsOf(users);
            for (String u : users) {
                table.loaded(u, rows.getOrDefault(u, List.of()));
            }
            loaded.increment(users.size());
        } catch (RuntimeException e) {
            if (attempt >= ATTEMPTS) {
                failed.increment(users.size());
                users.forEach(table::loadFailed);
                log.warn("gave up loading the groups of {} users ({}…): {}", users.size(), users.get(0), e.toString());
                return;
            }
            loader.schedule(() -> load(users, attempt + 1), 200L << attempt, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void destroy() {
        loader.shutdownNow();
    }
}
