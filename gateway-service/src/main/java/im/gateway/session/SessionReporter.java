package im.gateway.session;

import im.contracts.ContractJson;
import im.contracts.presence.SessionEvent;
import im.gateway.GatewayProperties;
import java.time.Clock;
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
class SessionReporter {

    private static final Logger log = LoggerFactory.getLogger(SessionReporter.class);

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

    void report(SessionEvent event) {
        send(event.userId(), event);
    }

    @Scheduled(
            fixedDelayString = "${im.gateway.session-snapshot-interval:10s}",
            initialDelayString = "${im.gateway.session-snapshot-interval:10s}")
    void snapshot() {
        var sessions = registry.getObject().all().stream()
                .map(s -> new SessionEvent.UserSession(s.userId(), s.info()))
                .toList();
        send(node, SessionEvent.snapshot(node, sessions, clock.instant()));
    }

    private void send(String key, SessionEvent event) {
        kafka.send(SessionEvent.TOPIC, key, ContractJson.write(event)).whenComplete((r, e) -> {
            if (e != null) {
                log.warn("could not report {} of {} to presence: {}", event.type(), key, e.toString());
            }
        });
    }
}
