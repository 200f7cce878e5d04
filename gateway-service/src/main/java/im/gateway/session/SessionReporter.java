package im.gateway.session;

import im.contracts.ContractJson;
import im.contracts.presence.SessionEvent;
import im.gateway.GatewayProperties;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Tells presence about this node's sessions on {@code im.session}: each open and close keyed by user
 * (so one user's events stay in order), and every {@code im.gateway.session-snapshot-interval} the
 * full list keyed by node, from which presence repairs anything lost (a flushed Redis, a dropped
 * event). A failed send is logged; the next snapshot repairs it.
 */
@Component
class SessionReporter implements SessionEvents {

    private static final Logger log = LoggerFactory.getLogger(SessionReporter.class);

    /** Sessions per snapshot part: about 300 KB of JSON, well within Kafka's 1 MB record limit. */
    static final int SNAPSHOT_PART = 2_000;

    private final KafkaTemplate<String, String> kafka;
    private final ObjectProvider<SessionRegistry> registry;
    private final String node;
    private final Clock clock;

    SessionReporter(
            KafkaTemplate<String, String> kafka,
            ObjectProvider<SessionRegistry> registry,
            GatewayProperties properties,
            Clock clock) {
        this.kafka = kafka;
        this.registry = registry;
        this.node = properties.nodeId();
        this.clock = clock;
    }

    @Override
    public void report(SessionEvent event) {
        send(event.userId(), event);
    }

    @Scheduled(
            fixedDelayString = "${im.gateway.session-snapshot-interval:10s}",
            initialDelayString = "${im.gateway.session-snapshot-interval:10s}")
    void snapshot() {
        var sessions = registry.getObject().all().stream()
                .map(s -> new SessionEvent.UserSession(s.userId(), s.info()))
                .toList();
        // In parts: tens of thousands of sessions in one record would pass Kafka's record size limit.
        int parts = Math.max(1, (sessions.size() + SNAPSHOT_PART - 1) / SNAPSHOT_PART);
        String id = UUID.randomUUID().toString();
        Instant at = clock.instant();
        for (int p = 0; p < parts; p++) {
            var part = sessions.subList(p * SNAPSHOT_PART, Math.min(sessions.size(), (p + 1) * SNAPSHOT_PART));
            send(node, SessionEvent.snapshotPart(node, part, at, id, p, parts));
        }
    }

    private void send(String key, SessionEvent event) {
        try {
            kafka.send(SessionEvent.TOPIC, key, ContractJson.write(event)).whenComplete((r, e) -> {
                if (e != null) {
                    log.warn("could not report {} of {} to presence: {}", event.type(), key, e.toString());
                }
            });
        } catch (RuntimeException e) {
            log.warn("could not report {} of {} to presence: {}", event.type(), key, e.toString());
        }
    }
}
