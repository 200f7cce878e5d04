package im.infra;

import java.util.List;

/** A running Kafka: in this JVM or as its own processes. */
interface KafkaServer extends AutoCloseable {

    String bootstrapServers();

    /** The OS processes that are this Kafka (this JVM itself when it runs here). */
    List<Infrastructure.ProcessInfo> processes();

    /** SIGKILL of broker {@code id} (1-based); only for brokers in processes of their own. */
    default void kill(int id) {
        throw new UnsupportedOperationException(
                "only standalone brokers (InfraOptions.kafkaBrokers >= 1) can be killed");
    }

    /** Starts broker {@code id} again after {@link #kill}. */
    default void start(int id) {
        throw new UnsupportedOperationException(
                "only standalone brokers (InfraOptions.kafkaBrokers >= 1) can be started");
    }

    /** Stops every broker until {@link #startAll}. */
    default void stopAll() {
        throw new UnsupportedOperationException(
                "only standalone brokers (InfraOptions.kafkaBrokers >= 1) can be stopped");
    }

    /** Starts every broker stopped by {@link #stopAll} and waits until they are up. */
    default void startAll() {
        throw new UnsupportedOperationException(
                "only standalone brokers (InfraOptions.kafkaBrokers >= 1) can be started");
    }

    @Override
    void close();
}
