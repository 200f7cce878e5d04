package im.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import im.contracts.message.Delivery;
import im.contracts.message.MessageTopics;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** A delivery survives the trip through a node queue's record: frame as value, the rest as headers. */
class NodeQueueRecordsTest {

    private static Delivery roundTrip(String node, Delivery d) {
        ProducerRecord<String, String> out = NodeQueueRecords.toRecord(node, d);
        assertThat(out.topic()).isEqualTo(MessageTopics.nodeQueue(node));
        assertThat(out.key()).isEqualTo(d.conversation());
        ConsumerRecord<String, String> in = new ConsumerRecord<>(out.topic(), 0, 0, out.key(), out.value());
        out.headers().forEach(h -> in.headers().add(h));
        return NodeQueueRecords.fromRecord(in);
    }

    @Test
    void messageAndDeliveredRecordsReadBackAsWritten() {
        Delivery message = new Delivery(
                Delivery.Kind.MESSAGE,
                "d:ann:bob",
                7,
                List.of("ann", "bob"),
                "s-1",
                "ann",
                0,
                5,
                "{}",
                "{\"a\":1}",
                "c-1");
        Delivery delivered = new Delivery(
                Delivery.Kind.DELIVERED,
                "d:ann:bob",
                12,
                List.of("ann"),
                null,
                "bob",
                0,
                9,
                "{\"type\":\"delivered\",\"conv\":\"d:ann:bob\",\"seq\":12,\"user\":\"bob\"}",
                null,
                null);

        assertThat(roundTrip("gw-1", message)).isEqualTo(message);
        assertThat(roundTrip("gw-2", delivered)).isEqualTo(delivered);
    }
}
