package im.gateway.group;

import im.contracts.ContractJson;
import im.contracts.group.GroupMemberEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Every gateway reads every membership change (its own consumer group), in version order per group,
 * and applies it to the local members.
 */
@Component
class GroupEventListener {

    private static final Logger log = LoggerFactory.getLogger(GroupEventListener.class);

    private final LocalGroups table;

    GroupEventListener(LocalGroups table) {
        this.table = table;
    }

    @KafkaListener(
            id = "group-events",
            topics = GroupMemberEvent.TOPIC,
            groupId = "gateway-groups-${im.gateway.node-id}",
            // As for the node queue: a node restarted after a crash reads membership changes again
            // once the dead consumer's short session (6 s) has expired.
            properties = {"session.timeout.ms=6000", "heartbeat.interval.ms=2000"})
    void onRecord(ConsumerRecord<String, String> record) {
        GroupMemberEvent e;
        try {
            e = ContractJson.read(record.value(), GroupMemberEvent.class);
        } catch (RuntimeException ex) {
            log.error("skipping unreadable membership event @{}: {}", record.offset(), ex.toString());
            return;
        }
        table.apply(e);
    }
}
