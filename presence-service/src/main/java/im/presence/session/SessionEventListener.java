package im.presence.session;

import im.contracts.ContractJson;
import im.contracts.presence.SessionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Consumes gateways' session events ({@code im.session}, keyed by user: per-user order). */
@Component
class SessionEventListener {

    private static final Logger log = LoggerFactory.getLogger(SessionEventListener.class);

    private final SessionTracker tracker;

    SessionEventListener(SessionTracker tracker) {
        this.tracker = tracker;
    }

    @KafkaListener(topics = SessionEvent.TOPIC, groupId = "presence")
    void onEvent(String json) {
        SessionEvent event;
        try {
            event = ContractJson.read(json, SessionEvent.class);
        } catch (RuntimeException e) {
            // A record we cannot read would block the partition forever if retried: log and skip.
            log.warn("skipping malformed session event: {} ({})", json, e.toString());
            return;
        }
        tracker.apply(event);
    }
}
