package im.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * Kafka as standalone KRaft processes from the {@code kafka_2.13} jars, each a combined broker and
 * controller: {@code kafka.tools.StorageTool format}, then {@code kafka.Kafka server.properties}, the
 * way an operator runs it. Its CPU, memory and GC pauses are then its own, not the launcher's. With
 * {@code n} nodes the controllers form one static quorum and topics get replication min(n, 3), so the
 * same class runs the three-broker set-up that a broker-failure test needs.
 */
final class KafkaProcesses implements KafkaServer {

    /** What {@code kafka-server-start.sh} gives a broker, with a heap that fits next to the cluster. */
    static final List<String> JVM_OPTIONS = List.of(
            "-Xms1g",
            "-Xmx1g",
            "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20",
            "-XX:InitiatingHeapOccupancyPercent=35",
            "-XX:+ExplicitGCInvokesConcurrent",
            "-Djava.awt.headless=true");

    private final List<Node> nodes;
    private final List<ChildProcess> processes = new ArrayList<>();

    /** One node's ports and directory. */
    record Node(int id, int brokerPort, int controllerPort, Path dir) {}

    private KafkaProcesses(List<Node> nodes) {
        this.nodes = nodes;
    }

    static KafkaProcesses start(Path root, int count, Path logDir) {
        List<Node> nodes = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            nodes.add(new Node(i, Ports.free(), Ports.free(), root.resolve("kafka-" + i)));
        }
        KafkaProcesses k = new KafkaProcesses(nodes);
        try {
            k.formatAndStart(logDir);
            k.awaitBrokers(Duration.ofSeconds(90));
        } catch (RuntimeException e) {
            k.close();
            throw e;
        }
        return k;
    }

    private void formatAndStart(Path logDir) {
        String clusterId = Uuid.randomUuid().toString();
        for (Node n : nodes) {
            Path props = writeConfig(n);
            Path log = (logDir == null ? n.dir() : logDir).resolve("kafka-" + n.id() + ".log");
            runToEnd(
                    List.of(
                            java(),
                            "-cp",
                            classpath(),
                            "kafka.tools.StorageTool",
                            "format",
                            "-t",
                            clusterId,
                            "-c",
                            props.toString()),
                    n.dir().resolve("format.log"));
            List<String> cmd = new ArrayList<>(List.of(java()));
            cmd.addAll(JVM_OPTIONS);
            cmd.addAll(List.of(
                    "-Dlogback.configurationFile=" + n.dir().resolve("logback.xml"),
                    "-cp",
                    classpath(),
                    "kafka.Kafka",
                    props.toString()));
            ChildProcess p = new ChildProcess("kafka-" + n.id(), cmd, log);
            p.start();
            processes.add(p);
        }
    }

    Path writeConfig(Node n) {
        int replicas = Math.min(3, nodes.size());
        String voters = nodes.stream()
                .map(v -> v.id() + "@127.0.0.1:" + v.controllerPort())
                .collect(Collectors.joining(","));
        String config = String.join(
                "\n",
                "process.roles=broker,controller",
                "node.id=" + n.id(),
                "controller.quorum.voters=" + voters,
                "listeners=PLAINTEXT://127.0.0.1:" + n.brokerPort() + ",CONTROLLER://127.0.0.1:" + n.controllerPort(),
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + n.brokerPort(),
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + n.dir().resolve("data"),
                // the same topic defaults as the in-JVM broker (KafkaBroker)
                "auto.create.topics.enable=true",
                "num.partitions=" + KafkaBroker.DEFAULT_PARTITIONS,
                "offsets.topic.num.partitions=4",
                "group.initial.rebalance.delay.ms=0",
                "default.replication.factor=" + replicas,
                "offsets.topic.replication.factor=" + replicas,
                "transaction.state.log.replication.factor=" + replicas,
                "transaction.state.log.min.isr=" + Math.min(2, replicas),
                "share.coordinator.state.topic.replication.factor=" + replicas,
                "share.coordinator.state.topic.min.isr=" + Math.min(2, replicas),
                "min.insync.replicas=" + Math.min(2, replicas),
                "");
        try {
            Files.createDirectories(n.dir());
            Files.writeString(n.dir().resolve("logback.xml"), """
                    <configuration>
                      <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{30} - %msg%n</pattern></encoder>
                      </appender>
                      <logger name="state.change.logger" level="WARN"/>
                      <root level="INFO"><appender-ref ref="OUT"/></root>
                    </configuration>
                    """);
            return Files.writeString(n.dir().resolve("server.properties"), config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitBrokers(Duration timeout) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(p)) {
            while (System.nanoTime() < deadline) {
                for (ChildProcess c : processes) {
                    if (!c.isAlive()) {
                        throw new IllegalStateException(c.name() + " exited at start; see " + c.logFile());
                    }
                }
                try {
                    if (admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).size() == nodes.size()) {
                        return;
                    }
                } catch (Exception e) {
                    // not up yet
                }
                Ports.sleep(200);
            }
        }
        throw new IllegalStateException("Kafka brokers not up within " + timeout + "; logs: "
                + processes.stream().map(ChildProcess::logFile).toList());
    }

    /** SIGKILL of broker {@code id} (1-based), as a crash; its data stays for {@link #start(int)}. */
    @Override
    public void kill(int id) {
        processes.get(id - 1).kill();
    }

    /** Starts broker {@code id} again (after {@link #kill} or {@link #stopAll}) with its config and data. */
    @Override
    public void start(int id) {
        processes.get(id - 1).start();
    }

    /** Stops every broker (SIGTERM: a controlled shutdown, as an operator's). */
    @Override
    public void stopAll() {
        processes.parallelStream().forEach(ChildProcess::stop);
    }

    /** Starts every broker again and waits until all are in the cluster. */
    @Override
    public void startAll() {
        processes.forEach(ChildProcess::start);
        awaitBrokers(Duration.ofSeconds(90));
    }

    @Override
    public String bootstrapServers() {
        return nodes.stream().map(n -> "127.0.0.1:" + n.brokerPort()).collect(Collectors.joining(","));
    }

    @Override
    public List<Infrastructure.ProcessInfo> processes() {
        List<Infrastructure.ProcessInfo> out = new ArrayList<>();
        for (int i = 0; i < processes.size(); i++) {
            String name = nodes.size() == 1 ? "kafka" : "kafka-" + nodes.get(i).id();
            out.add(new Infrastructure.ProcessInfo(
                    name,
                    processes.get(i).pid(),
                    false,
                    "127.0.0.1:" + nodes.get(i).brokerPort(),
                    "standalone KRaft broker+controller"));
        }
        return out;
    }

    @Override
    public void close() {
        processes.parallelStream().forEach(ChildProcess::stop);
    }

    private static void runToEnd(List<String> command, Path log) {
        try {
            Files.createDirectories(log.getParent());
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(
                        "Kafka storage format failed; see " + log + ":\n" + Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** This JVM's classpath: it holds the broker's jars (kafka_2.13, kafka-server, scala, ...). */
    private static String classpath() {
        return System.getProperty("java.class.path");
    }
}
