package im.infra;

import java.util.List;

/** A running Kafka: in this JVM or as its own processes. */
interface KafkaServer extends AutoCloseable {

    String bootstrapServers();

    /** The OS processes that are this Kafka (this JVM itself when it runs here). */
    List<Infrastructure.ProcessInfo> processes();

    @Override
    void close();
}
