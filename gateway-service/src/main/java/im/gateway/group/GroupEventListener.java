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
            groupId = "gateway-groups-${im.gateway.node-id}")
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
