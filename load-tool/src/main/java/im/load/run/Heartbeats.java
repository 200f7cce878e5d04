package im.load.run;

import im.load.ws.WsSession;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps sessions alive with {@code ping}: every session once per interval, spread evenly over it (a
 * tick a second pings one slice), so thousands of idle sessions do not ping in one burst.
 */
public final class Heartbeats implements AutoCloseable {

    private static final String PING = "{\"type\":\"ping\"}";

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "heartbeats");
        t.setDaemon(true);
        return t;
    });

    private final List<WsSession> sessions;

    /**
     * Pings the sessions {@link #add added} from now on: started before a run connects, so that a
     * session is kept alive from its welcome, however long connecting everyone else takes.
     */
    public Heartbeats(long intervalMillis) {
        this(java.util.Collections.synchronizedList(new java.util.ArrayList<>()), intervalMillis);
    }

    /** Pings {@code sessions}, a list the caller may add to from any thread if it is synchronized. */
    public Heartbeats(List<WsSession> sessions, long intervalMillis) {
        this.sessions = sessions;
        int slices = (int) Math.max(1, intervalMillis / 1000);
        long[] tick = {0};
        timer.scheduleAtFixedRate(
                () -> {
                    int slice = (int) (tick[0]++ % slices);
                    for (int i = slice; i < sessions.size(); i += slices) {
                        sessions.get(i).send(PING);
                    }
                },
                1,
                1,
                TimeUnit.SECONDS);
    }

    /** Pings {@code s} from now on (sessions of the {@link #Heartbeats(long)} form). */
    public void add(WsSession s) {
        sessions.add(s);
    }

    /** The ping interval for a server that asks for one every {@code heartbeatMillis}: a bit under it. */
    public static long intervalFor(long heartbeatMillis) {
        return heartbeatMillis <= 0 ? 20_000 : Math.max(1000, heartbeatMillis * 4 / 5);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
