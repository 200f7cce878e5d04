package im.gateway.session;

import im.contracts.presence.SessionEvent;
import im.contracts.presence.SessionInfo;
import im.gateway.GatewayProperties;
import im.web.error.ErrorMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The sessions connected to this gateway, by connection and by user (several devices per user). The
 * one place a session begins ({@link #open}) and ends ({@link #close}): every open and close is
 * reported to presence ({@link SessionEvents}) and to the {@link SessionListener}s, which release
 * what they keep for it.
 */
@Component
public class SessionRegistry {

    private final Map<String, ClientSession> byConnection = new ConcurrentHashMap<>();
    // A user's sessions as an immutable list, replaced on every open and close (rare) and read on
    // every push (constant): a group message walks thousands of them, and iterating a concurrent set
    // per user scanned its whole table (16 bins for one device) and took a tenth of the fan-out's CPU.
    private final Map<String, List<ClientSession>> byUser = new ConcurrentHashMap<>();
    private final SessionEvents reporter;
    private final List<SessionListener> listeners;
    private final ErrorMetrics errors;
    private final String node;
    private final double burst;
    private final Clock clock;

    public SessionRegistry(
            SessionEvents reporter,
            GatewayProperties properties,
            Clock clock,
            MeterRegistry registry,
            List<SessionListener> listeners) {
        this.reporter = reporter;
        this.listeners = List.copyOf(listeners);
        this.node = properties.nodeId();
        this.burst = properties.connection().sendBurst();
        this.clock = clock;
        this.errors = new ErrorMetrics(registry, ErrorMetrics.Transport.WEBSOCKET);
        Gauge.builder("im.gateway.sessions", byConnection, Map::size)
                .description("Authenticated sessions on this node")
                .register(registry);
        Gauge.builder("im.gateway.users", byUser, Map::size)
                .description("Distinct users with at least one session on this node")
                .register(registry);
    }

    /** A new authenticated session of {@code userId} on {@code device} over {@code connection}. */
    public ClientSession open(Connection connection, String userId, String device) {
        SessionInfo info = new SessionInfo(UUID.randomUUID().toString(), node, device, clock.instant());
        ClientSession s = new ClientSession(connection, userId, info, errors, burst, clock.millis());
        byConnection.put(connection.id(), s);
        byUser.compute(userId, (k, list) -> {
            if (list == null) {
                listeners.forEach(l -> l.arrived(userId));
                return List.of(s);
            }
            List<ClientSession> more = new ArrayList<>(list.size() + 1);
            more.addAll(list);
            more.add(s);
            return List.copyOf(more);
        });
        reporter.report(SessionEvent.opened(userId, info));
        return s;
    }

    /** Ends {@code s} (idempotent): gone from the registry, presence told, its state released. */
    public void close(ClientSession s) {
        if (!s.markClosed()) {
            return;
        }
        byConnection.remove(s.connection().id(), s);
        byUser.computeIfPresent(s.userId(), (k, list) -> {
            List<ClientSession> rest = list.stream().filter(other -> other != s).toList();
            if (rest.isEmpty()) {
                listeners.forEach(l -> l.left(s.userId()));
                return null;
            }
            return rest;
        });
        listeners.forEach(l -> l.closed(s));
        reporter.report(SessionEvent.closed(s.userId(), s.info(), clock.instant()));
    }

    /** The session on {@code connectionId}, or null (not open, or closing). */
    public ClientSession byConnection(String connectionId) {
        return byConnection.get(connectionId);
    }

    /** The sessions of {@code userId} here. */
    public List<ClientSession> sessionsOf(String userId) {
        List<ClientSession> list = byUser.get(userId);
        return list == null ? List.of() : list;
    }

    /** Every session here. */
    public Collection<ClientSession> all() {
        return List.copyOf(byConnection.values());
    }

    public int count() {
        return byConnection.size();
    }
}
