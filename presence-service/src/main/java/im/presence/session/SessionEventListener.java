package im.presence.session;

import im.contracts.ContractJson;
import im.contracts.presence.SessionEvent;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes gateways' session events ({@code im.session}, keyed by user: per-user order) a poll at a
 * time, so that a connect storm is written in batches.
 */
@Component
class SessionEventListener {

    private static final Logger log = LoggerFactory.getLogger(SessionEventListener.class);

    private final SessionTracker tracker;

    SessionEventListener(SessionTracker tracker) {
        this.tracker = tracker;
    }

    @KafkaListener(topics = SessionEvent.TOPIC, groupId = "presence", batch = "true")
    void onEvents(List<String> records) {
        List<SessionEvent> events = new ArrayList<>(records.size());
        for (String json : records) {
            try {
                events.add(ContractJson.read(json, SessionEvent.class));
            } catch (RuntimeException e) {
                // A record we cannot read would block the partition forever if retried: log and skip.
                log.warn(
                        "skipping malformed session event: {} ({})",
                        json.substring(0, Math.min(json.length(), 200)),
                        e.toString());
            }
        }
        tracker.applyAll(events);
    }
}
