package im.routing.message.pipeline;

import im.contracts.message.MessageTopics;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code im.inbound} in batches. The container commits a batch's offsets only when this
 * returns normally (ack mode BATCH); an exception re-runs the whole batch after a back-off.
 */
@Component
class InboundListener {

    private final Pipeline pipeline;

    InboundListener(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    @KafkaListener(
            id = "inbound",
            topics = MessageTopics.INBOUND,
            groupId = "routing",
            containerFactory = PipelineConfiguration.INBOUND_FACTORY,
            concurrency = "${im.routing.pipeline.concurrency:3}")
    void onBatch(List<ConsumerRecord<String, String>> records) {
        pipeline.process(records);
    }
}
