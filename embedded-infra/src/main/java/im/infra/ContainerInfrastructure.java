package im.infra;

import java.util.List;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The same four servers from Docker images through Testcontainers ({@code IM_INFRA=testcontainers}).
 * For machines with a Docker engine; this project's CI has none, so this path is compiled but not
 * exercised there (README says so).
 */
final class ContainerInfrastructure implements Infrastructure {

    private final KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.1");
    private final PostgreSQLContainer postgres =
            new PostgreSQLContainer("postgres:17").withDatabaseName(PostgresServer.DATABASE);
    private final GenericContainer<?> redis = new GenericContainer<>("redis:7.4").withExposedPorts(6379);
    private final GenericContainer<?> etcd = new GenericContainer<>("quay.io/coreos/etcd:v3.5.17")
            .withExposedPorts(2379)
            .withCommand(
                    "etcd",
                    "--listen-client-urls",
                    "http://0.0.0.0:2379",
                    "--advertise-client-urls",
                    "http://127.0.0.1:2379")
            .waitingFor(Wait.forHttp("/health").forPort(2379));

    static ContainerInfrastructure start() {
        ContainerInfrastructure infra = new ContainerInfrastructure();
        List.of(infra.kafka, infra.postgres, infra.redis, infra.etcd).parallelStream()
                .forEach(GenericContainer::start);
        return infra;
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public String redisHost() {
        return redis.getHost();
    }

    @Override
    public int redisPort() {
        return redis.getMappedPort(6379);
    }

    @Override
    public String jdbcUrl() {
        return postgres.getJdbcUrl();
    }

    @Override
    public String jdbcUsername() {
        return postgres.getUsername();
    }

    @Override
    public String jdbcPassword() {
        return postgres.getPassword();
    }

    @Override
    public String etcdEndpoint() {
        return "http://" + etcd.getHost() + ":" + etcd.getMappedPort(2379);
    }

    @Override
    public void restartRedis() {
        // A container restart maps a new host port; tests that restart Redis need the embedded mode.
        throw new UnsupportedOperationException("restartRedis is supported in IM_INFRA=embedded only");
    }

    @Override
    public void restartEtcd() {
        throw new UnsupportedOperationException("restartEtcd is supported in IM_INFRA=embedded only");
    }

    @Override
    public void close() {
        List.of(kafka, postgres, redis, etcd).forEach(GenericContainer::stop);
    }
}
