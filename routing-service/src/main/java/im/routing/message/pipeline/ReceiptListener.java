package im.routing.message.pipeline;

import im.contracts.ContractJson;
import im.contracts.message.MessageTopics;
import im.contracts.message.Receipt;
import im.routing.message.store.CursorStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Consumes {@code im.receipt} in batches and moves delivered cursors forward, one statement per batch. */
@Component
class ReceiptListener {

    private static final Logger log = LoggerFactory.getLogger(ReceiptListener.class);

    private record CursorKey(String userId, String device, String conversation) {}

    private final CursorStore cursors;

    ReceiptListener(CursorStore cursors) {
        this.cursors = cursors;
    }

    @KafkaListener(
            id = "receipts",
            topics = MessageTopics.RECEIPTS,
            groupId = "routing-receipts",
            containerFactory = PipelineConfiguration.RECEIPTS_FACTORY)
    void onBatch(List<ConsumerRecord<String, String>> records) {
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
        cursors.advance(highest.values());
    }
}
