package im.gateway.group;

import im.gateway.session.SessionListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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

    private final LocalGroups table;
    private final GroupDirectory directory;
    private final ScheduledExecutorService loader = Executors.newScheduledThreadPool(4, r -> {
        Thread t = new Thread(r, "group-loader");
        t.setDaemon(true);
        return t;
    });

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
        loader.execute(() -> load(userId, 1));
    }

    @Override
    public void left(String userId) {
        table.left(userId);
    }

    private void load(String userId, int attempt) {
        try {
            table.loaded(userId, directory.groupsOf(userId));
            loaded.increment();
        } catch (RuntimeException e) {
            if (attempt >= ATTEMPTS) {
                failed.increment();
                table.loadFailed(userId);
                log.warn("gave up loading the groups of {}: {}", userId, e.toString());
                return;
            }
            loader.schedule(() -> load(userId, attempt + 1), 200L << attempt, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void destroy() {
        loader.shutdownNow();
    }
}
