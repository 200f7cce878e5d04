package im.routing.message.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import im.contracts.ContractJson;
import im.contracts.message.Delivery;
import im.contracts.message.InboundMessage;
import im.contracts.message.MessageTopics;
import im.contracts.presence.SessionInfo;
import im.infra.Infrastructure;
import im.infra.junit.InfrastructureExtension;
import im.messaging.NodeQueueRecords;
import im.presence.client.PresenceKeys;
import im.protocol.ConversationId;
import im.protocol.frame.FrameCodec;
import im.protocol.frame.ServerFrame;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The pipeline against real PostgreSQL, Redis and Kafka: re-runs (what a crash before the offset
 * commit causes), racing consumers, blocks and malformed records.
 */
@ExtendWith(InfrastructureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PipelineIT {

    @Autowired
    Pipeline pipeline;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    DataSource dataSource;

    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final String senderNode = "pit-a-" + tag;
    private final String recipientNode = "pit-b-" + tag;
    private long offset;

    @BeforeEach
    void presenceTablesAndQueues(Infrastructure infra) throws Exception {
        // Routing reads presence's tables (last seen, blocks); presence-service is not running here, so
        // its own migrations (shipped with presence-client) create them.
        Flyway.configure()
                .dataSource(dataSource)
                .schemas("presence")
                .locations("classpath:db/presence")
                .load()
                .migrate();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", infra.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(
                            new NewTopic(MessageTopics.nodeQueue(senderNode), 1, (short) 1),
                            new NewTopic(MessageTopics.nodeQueue(recipientNode), 1, (short) 1)))
                    .all()
                    .get();
        }
    }

    private String user(String name) {
        return name + "-" + tag;
    }

    private void online(String user, String node) {
        SessionInfo s = new SessionInfo(UUID.randomUUID().toString(), node, "phone", Instant.now());
        redis.opsForHash().put(PresenceKeys.user(user), s.sessionId(), ContractJson.write(s));
    }

    private ConsumerRecord<String, String> record(String from, String to, String clientMsgId, String body) {
        String conv = ConversationId.direct(from, to);
        InboundMessage m = new InboundMessage(
                conv, from, to, clientMsgId, body, senderNode, "session-1", System.currentTimeMillis());
        return new ConsumerRecord<>(MessageTopics.INBOUND, 0, offset++, conv, ContractJson.write(m));
    }

    private List<ConsumerRecord<String, String>> batch(String from, String to, String prefix, int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> record(from, to, prefix + i, "body " + i))
                .toList();
    }

    private List<Long> storedSeqs(String conv) {
        return jdbc.queryForList("select seq from routing.message where conv_id = ? order by seq", Long.class, conv);
    }

    /** The message a delivery carries, read from the frame routing wrote for the devices. */
    private static ServerFrame.Message message(Delivery d) {
        return (ServerFrame.Message) FrameCodec.decodeServer(d.frame());
    }

    private static List<Delivery> queue(Infrastructure infra, String node, int atLeast) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<Delivery> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            TopicPartition tp = new TopicPartition(MessageTopics.nodeQueue(node), 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(r -> out.add(NodeQueueRecords.fromRecord(r)));
                if (out.size() >= atLeast
                        && c.position(tp) >= c.endOffsets(List.of(tp)).get(tp)) {
                    break;
                }
            }
        }
        return out;
    }

    @Test
    void aBatchRunTwiceStoresEachMessageOnceAndForwardsTheSameNumbersAgain(Infrastructure infra) {
        String a = user("ann");
        String b = user("bob");
        online(b, recipientNode);
        List<ConsumerRecord<String, String>> records = batch(a, b, "m-", 100);

        pipeline.process(records);
        pipeline.process(records); // a crash after the store, before the offset commit

        String conv = ConversationId.direct(a, b);
        assertThat(storedSeqs(conv))
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, 100).boxed().toList());
        List<Delivery> atB = queue(infra, recipientNode, 200);
        assertThat(atB).hasSize(200).allMatch(d -> d.users().equals(List.of(b)) && d.originSession() == null);
        // The second run forwarded the very same messages: same ids, same numbers, same order.
        assertThat(atB.subList(100, 200).stream().map(d -> message(d).id()))
                .containsExactlyElementsOf(
                        atB.subList(0, 100).stream().map(d -> message(d).id()).toList());
        assertThat(atB.subList(0, 100).stream().map(d -> message(d).seq()))
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, 100).boxed().toList());
        // The sender's node got the answer for the sending session.
        assertThat(queue(infra, senderNode, 200))
                .hasSize(200)
                .allMatch(d -> d.kind() == Delivery.Kind.MESSAGE && "session-1".equals(d.originSession()));
    }

    @Test
    void racingConsumersOnOneConversationNeitherGapNorDuplicate() {
        String a = user("cat");
        String b = user("dan");
        // Two consumers holding overlapping batches (a partition moving during a rebalance): each retries
        // a failed batch the way the container's error handler does.
        List<ConsumerRecord<String, String>> first = batch(a, b, "r-", 300);
        List<ConsumerRecord<String, String>> second = new ArrayList<>(first.subList(150, 300));
        second.addAll(batch(a, b, "s-", 150));
        CompletableFuture<Void> one = CompletableFuture.runAsync(() -> untilDone(first));
        CompletableFuture<Void> two = CompletableFuture.runAsync(() -> untilDone(second));
        CompletableFuture.allOf(one, two).join();

        String conv = ConversationId.direct(a, b);
        assertThat(storedSeqs(conv))
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, 450).boxed().toList());
        assertThat(jdbc.queryForObject(
                        "select count(distinct client_msg_id) from routing.message where conv_id = ?",
                        Long.class,
                        conv))
                .isEqualTo(450);
        assertThat(jdbc.queryForObject("select last_seq from routing.conversation where conv_id = ?", Long.class, conv))
                .isEqualTo(450);
    }

    private void untilDone(List<ConsumerRecord<String, String>> records) {
        for (int attempt = 0; ; attempt++) {
            try {
                pipeline.process(records);
                return;
            } catch (RuntimeException e) {
                assertThat(attempt).as("retries").isLessThan(20);
            }
        }
    }

    @Test
    void aBlockedSenderIsRejectedToItsNodeAndNothingIsStored(Infrastructure infra) {
        String a = user("eve");
        String b = user("fay");
        jdbc.update("insert into presence.user_block (user_id, blocked_id) values (?, ?)", b, a);

        pipeline.process(List.of(record(a, b, "x-1", "let me in")));

        String conv = ConversationId.direct(a, b);
        assertThat(storedSeqs(conv)).isEmpty();
        assertThat(jdbc.queryForList("select last_seq from routing.conversation where conv_id = ?", Long.class, conv))
                .isEmpty();
        assertThat(queue(infra, senderNode, 1)).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(Delivery.Kind.REJECTED);
            ServerFrame.Error e = (ServerFrame.Error) FrameCodec.decodeServer(d.frame());
            assertThat(e.code()).isEqualTo("blocked");
            assertThat(e.clientMsgId()).isEqualTo("x-1");
            assertThat(d.originSession()).isEqualTo("session-1");
        });
    }

    @Test
    void malformedRecordsAreSkippedAndTheRestOfTheBatchIsStored() {
        String a = user("gus");
        String b = user("hal");
        ConsumerRecord<String, String> good = record(a, b, "ok-1", "fine");
        String wrongConv = ContractJson.write(
                new InboundMessage(ConversationId.direct(a, "someone-else"), a, b, "bad-1", "x", senderNode, "s", 0));
        String nul = ContractJson.write(
                new InboundMessage(ConversationId.direct(a, b), a, b, "bad-2", "nul\0byte", senderNode, "s", 0));
        List<ConsumerRecord<String, String>> records = List.of(
                new ConsumerRecord<>(MessageTopics.INBOUND, 0, offset++, "k", "{not json"),
                new ConsumerRecord<>(MessageTopics.INBOUND, 0, offset++, "k", wrongConv),
                new ConsumerRecord<>(MessageTopics.INBOUND, 0, offset++, "k", nul),
                good);

        pipeline.process(records);

        assertThat(jdbc.queryForList(
                        "select client_msg_id from routing.message where conv_id = ?",
                        String.class,
                        ConversationId.direct(a, b)))
                .containsExactly("ok-1");
    }
}
