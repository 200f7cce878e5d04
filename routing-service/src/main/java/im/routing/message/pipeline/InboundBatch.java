package im.routing.message.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One poll's records on their way through the pipeline, and the offsets that may be committed once
 * they are stored and forwarded. Its state is written by the worker (and the producer's thread, which
 * completes forwards) and read by the polling thread, hence volatile.
 */
final class InboundBatch {

    final List<ConsumerRecord<String, String>> records;
    /** Per partition, the offset after this batch's last record: what to commit once it is done. */
    final Map<TopicPartition, OffsetAndMetadata> nextOffsets;

    private volatile boolean done;
    private volatile boolean abandoned;
    private volatile int attempts;
    private boolean senderTold; // worker thread only

    private InboundBatch(List<ConsumerRecord<String, String>> records, Map<TopicPartition, OffsetAndMetadata> next) {
        this.records = records;
        this.nextOffsets = next;
    }

    static InboundBatch of(ConsumerRecords<String, String> polled) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>(polled.count());
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (TopicPartition tp : polled.partitions()) {
            List<ConsumerRecord<String, String>> of = polled.records(tp);
            records.addAll(of);
            next.put(tp, new OffsetAndMetadata(of.get(of.size() - 1).offset() + 1));
        }
        return new InboundBatch(records, next);
    }

    /** Stored and forwarded: its offsets may be committed (once every earlier batch is done too). */
    boolean done() {
        return done;
    }

    void markDone() {
        done = true;
    }

    /** Its partitions went to another consumer: whoever has them now processes these records again. */
    boolean abandoned() {
        return abandoned;
    }

    void abandon() {
        abandoned = true;
    }

    /**
     * Whether its senders have yet to be told that it could not be stored; true once per batch (the
     * worker's thread only).
     */
    boolean tellSendersOnce() {
        boolean first = !senderTold;
        senderTold = true;
        return first;
    }

    /** How many times it was tried (the first try is 1). */
    int attempt() {
        return ++attempts;
    }
}
