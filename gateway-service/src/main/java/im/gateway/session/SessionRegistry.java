package im.gateway.session;

import im.contracts.presence.SessionEvent;
import im.contracts.presence.SessionInfo;
import im.gateway.GatewayProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The sessions connected to this gateway, by id and by user (several devices per user). Every open
 * and close is reported to presence through {@link SessionReporter}.
 */
@Component
public class SessionRegistry {

    private final Map<String, LocalSession> byId = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> byUser = new ConcurrentHashMap<>();
    private final SessionReporter reporter;
    private final String node;
    private final Clock clock;
    private final List<SessionListener> listeners;

    SessionRegistry(
            SessionReporter reporter,
            GatewayProperties properties,
            Clock clock,
            MeterRegistry registry,
            List<SessionListener> listeners) {
        this.reporter = reporter;
        this.listeners = List.copyOf(listeners);
        this.node = properties.nodeId();
        this.clock = clock;
        Gauge.builder("im.gateway.sessions", byId, Map::size)
                .description("Authenticated sessions on this node")
                .register(registry);
        Gauge.builder("im.gateway.users", byUser, Map::size)
                .description("Distinct users with at least one session on this node")
                .register(registry);
    }

    /** Records a new authenticated session of {@code userId} on {@code device}. */
    public LocalSession open(String userId, String device) {
        SessionInfo info = new SessionInfo(UUID.randomUUID().toString(), node, device, clock.instant());
        LocalSession s = new LocalSession(userId, info);
        byId.put(info.sessionId(), s);
        byUser.compute(userId, (k, set) -> {
            Set<String> ids = set == null ? ConcurrentHashMap.newKeySet() : set;
            if (ids.isEmpty()) {
                listeners.forEach(l -> l.arrived(userId));
            }
            ids.add(info.sessionId());
            return ids;
        });
        reporter.report(SessionEvent.opened(userId, info));
        return s;
    }

    /** Ends a session (idempotent). */
    public void close(String sessionId) {
        LocalSession s = byId.remove(sessionId);
        if (s == null) {
            return;
        }
        byUser.computeIfPresent(s.userId(), (k, set) -> {
            set.remove(sessionId);
            if (set.isEmpty()) {
                listeners.forEach(l -> l.left(s.userId()));
                return null;
            }
            return set;
        });
        reporter.report(SessionEvent.closed(s.userId(), s.info(), clock.instant()));
    }

    /** The sessions of {@code userId} here. */
    public List<LocalSession> sessionsOf(String userId) {
        Set<String> ids = byUser.getOrDefault(userId, Set.of());
        return ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }

    /** Every session here. */
    public Collection<LocalSession> all() {
        return List.copyOf(byId.values());
    }
}
