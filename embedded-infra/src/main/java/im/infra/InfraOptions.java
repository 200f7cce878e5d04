package im.infra;

import java.nio.file.Path;

/**
 * How the embedded infrastructure runs. The default is what tests and the everyday {@code ./im up} use:
 * Kafka inside this JVM and PostgreSQL without durable commits (fast, and fine for correctness).
 * Measurements want the other settings: a broker in its own process, so its CPU and GC pauses are its
 * own and not the launcher's, and PostgreSQL committing to disk, so the store's real cost is paid.
 *
 * @param kafkaBrokers 0: Kafka in this JVM; n ≥ 1: n standalone KRaft processes (broker + controller
 *     each), replication min(n, 3)
 * @param durablePostgres {@code fsync=on} and {@code synchronous_commit=on}
 * @param logDir where standalone brokers log (null: their data directory)
 */
public record InfraOptions(int kafkaBrokers, boolean durablePostgres, Path logDir) {

    public static InfraOptions defaults() {
        return new InfraOptions(0, false, null);
    }
}
