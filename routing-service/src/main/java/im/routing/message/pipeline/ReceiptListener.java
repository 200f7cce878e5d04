package im.routing.message.pipeline;

import im.contracts.ContractJson;
import im.contracts.message.MessageTopics;
import im.contracts.message.Receipt;
import im.routing.message.store.CursorStore;
import im.routing.message.store.CursorStore.UserConversation;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code im.receipt} in batches and moves delivered cursors forward, one statement per batch;
 * where that raised the highest cursor over a user's devices in a direct conversation, the other
 * participant is told ({@link DeliveredNotices}), after the statement, so what they are told is stored.
 */
@Component
class ReceiptListener {

    private static final Logger log = LoggerFactory.getLogger(ReceiptListener.class);

    private record CursorKey(String userId, String device, String conversation) {}

    private final CursorStore cursors;
    private final DeliveredNotices notices;

    ReceiptListener(CursorStore cursors, DeliveredNotices notices) {
        this.cursors = cursors;
        this.notices = notices;
    }

    @KafkaListener(
            id = "receipts",
            topics = MessageTopics.RECEIPTS,
            groupId = "routing-receipts",
            containerFactory = PipelineConfiguration.RECEIPTS_FACTORY)
    void onBatch(List<ConsumerRecord<String, String>> records) {
        Collection<Receipt> receipts = highestPerDevice(records);
        Map<UserConversation, Long> before = cursors.advance(receipts, DeliveredNotices.watched(receipts));
        notices.send(DeliveredNotices.moved(receipts, before));
    }

    private static Collection<Receipt> highestPerDevice(List<ConsumerRecord<String, String>> records) {
        Map<CursorKey, Receipt> highest = new HashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            try {
                Receipt receipt = ContractJson.read(r.value(), Receipt.class);
                highest.merge(
                        new CursorKey(receipt.userId(), receipt.device(), receipt.conversation()),
                        receipt,
                        (a, b) -> a.seq() >= b.seq() ? a : b);
            } catch (RuntimeException e) {
                log.error(
                        "skipping unreadable receipt {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.toString());
            }
        }
        return highest.values();
    }
}
