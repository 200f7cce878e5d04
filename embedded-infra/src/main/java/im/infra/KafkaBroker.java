package im.infra;

import java.util.List;
import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real single-node KRaft Kafka (broker and controller) in this JVM, from the Kafka jars through
 * spring-kafka-test. Ports are chosen by the broker; {@link #bootstrapServers()} tells them.
 */
final class KafkaBroker implements KafkaServer {

    /** Default partitions for auto-created topics: enough to prove per-key ordering across partitions. */
    static final int DEFAULT_PARTITIONS = 4;

    private final EmbeddedKafkaKraftBroker broker;

    private KafkaBroker(EmbeddedKafkaKraftBroker broker) {
        this.broker = broker;
    }

    static KafkaBroker start() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, DEFAULT_PARTITIONS);
        broker.brokerProperties(Map.of(
                "auto.create.topics.enable", "true",
                "num.partitions", String.valueOf(DEFAULT_PARTITIONS),
                "offsets.topic.num.partitions", "4",
                "group.initial.rebalance.delay.ms", "0",
                "log.flush.interval.messages", "1000000"));
        broker.afterPropertiesSet();
        return new KafkaBroker(broker);
    }

    @Override
    public String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    @Override
    public List<Infrastructure.ProcessInfo> processes() {
        return List.of(new Infrastructure.ProcessInfo(
                "kafka", ProcessHandle.current().pid(), false, bootstrapServers(), "inside the launcher's JVM"));
    }

    @Override
    public void close() {
        broker.destroy();
    }
}
