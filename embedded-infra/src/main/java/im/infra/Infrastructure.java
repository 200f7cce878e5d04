package im.infra;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Running Kafka, Redis, PostgreSQL and etcd on loopback. Services receive these addresses only
 * through standard Spring Boot properties ({@link #springProperties()}), so the same jars run
 * against external servers unchanged.
 */
public interface Infrastructure extends AutoCloseable {

    /** Kafka bootstrap servers, {@code host:port[,host:port]}. */
    String kafkaBootstrapServers();

    String redisHost();

    int redisPort();

    String jdbcUrl();

    String jdbcUsername();

    String jdbcPassword();

    /** etcd client URL, {@code http://host:port}. */
    String etcdEndpoint();

    /** Stops Redis and starts it again on the same port with an empty data set. */
    void restartRedis();

    /**
     * SIGKILL of Kafka broker {@code id} (1-based), as a crash; needs brokers in processes of their own
     * ({@link InfraOptions#kafkaBrokers()} ≥ 1). Its data stays for {@link #startKafkaBroker}.
     */
    default void killKafkaBroker(int id) {
        throw new UnsupportedOperationException("killKafkaBroker is supported in IM_INFRA=embedded only");
    }

    /** Starts Kafka broker {@code id} again after {@link #killKafkaBroker}, with its config and data. */
    default void startKafkaBroker(int id) {
        throw new UnsupportedOperationException("startKafkaBroker is supported in IM_INFRA=embedded only");
    }

    /** Stops every Kafka broker (standalone brokers only) until {@link #startKafka()}. */
    default void stopKafka() {
        throw new UnsupportedOperationException("stopKafka is supported in IM_INFRA=embedded only");
    }

    /** Starts every Kafka broker stopped by {@link #stopKafka()} and waits until they are up. */
    default void startKafka() {
        throw new UnsupportedOperationException("startKafka is supported in IM_INFRA=embedded only");
    }

    /**
     * Stops PostgreSQL (a fast shutdown: connections cut, new ones refused) until {@link
     * #startPostgres()}; its data stays.
     */
    default void stopPostgres() {
        throw new UnsupportedOperationException("stopPostgres is supported in IM_INFRA=embedded only");
    }

    /** Starts PostgreSQL stopped by {@link #stopPostgres()} again, on the same port and data. */
    default void startPostgres() {
        throw new UnsupportedOperationException("startPostgres is supported in IM_INFRA=embedded only");
    }

    /** Stops etcd and starts it again on the same ports, keeping its data. */
    void restartEtcd();

    /**
     * An OS process of the infrastructure, for measuring tools (CPU from {@code /proc/<pid>}).
     *
     * @param withChildren its children belong to it (PostgreSQL's backends under the postmaster)
     * @param address where it listens
     * @param note how it runs, when that matters for reading its figures
     */
    record ProcessInfo(String name, long pid, boolean withChildren, String address, String note) {}

    /** The processes this infrastructure runs (none known for containers). */
    default java.util.List<ProcessInfo> processes() {
        return java.util.List.of();
    }

    /** Stops everything and deletes every directory it created. Idempotent. */
    @Override
    void close();

    /**
     * The admin token ({@code im.admin.token}) that test support and the local cluster give every
     * service they start, and send to its {@code /admin/**} endpoints: random per JVM, at least 32
     * characters, never a fixed value that could end up in a real deployment.
     */
    default String adminToken() {
        return DevTokens.ADMIN;
    }

    /** The services' token for each other's internal APIs ({@code im.internal.token}); random per JVM. */
    default String internalToken() {
        return DevTokens.INTERNAL;
    }

    /**
     * The key that signs user tokens ({@code im.auth.hmac-secret}); random per JVM. Only the services
     * that check user tokens get it (gateway, presence, group), and tests that mint tokens ({@link
     * TestTokens}).
     */
    default String userTokenKey() {
        return DevTokens.USER_TOKEN_KEY;
    }

    /**
     * The properties (Spring names) that point a service at this infrastructure, plus the dev admin and
     * internal tokens ({@link #adminToken()}, {@link #internalToken()}); not the user-token key.
     */
    default Map<String, String> springProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers());
        p.put("spring.data.redis.host", redisHost());
        p.put("spring.data.redis.port", String.valueOf(redisPort()));
        p.put("spring.datasource.url", jdbcUrl());
        p.put("spring.datasource.username", jdbcUsername());
        p.put("spring.datasource.password", jdbcPassword());
        p.put("im.etcd.endpoints", etcdEndpoint());
        p.put("im.admin.token", adminToken());
        p.put("im.internal.token", internalToken());
        return p;
    }

    /** The same properties as environment variables (relaxed binding: upper case, '_' for '.' and '-'). */
    default Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        springProperties()
                .forEach((k, v) -> env.put(k.toUpperCase().replace('.', '_').replace('-', '_'), v));
        return env;
    }

    /**
     * Starts the infrastructure chosen by {@code IM_INFRA} (environment) or {@code im.infra}
     * (system property): {@code embedded} (default: local processes, no Docker) or {@code
     * testcontainers} (needs a Docker engine; not exercised by this project's CI).
     */
    static Infrastructure start() {
        return start(InfraOptions.defaults());
    }

    /** As {@link #start()}; {@code options} apply to the embedded infrastructure. */
    static Infrastructure start(InfraOptions options) {
        String mode = System.getProperty("im.infra", System.getenv().getOrDefault("IM_INFRA", "embedded"));
        return switch (mode) {
            case "embedded" -> EmbeddedInfrastructure.start(options);
            case "testcontainers" -> ContainerInfrastructure.start();
            default ->
                throw new IllegalArgumentException(
                        "IM_INFRA must be 'embedded' or 'testcontainers', was '" + mode + "'");
        };
    }
}
