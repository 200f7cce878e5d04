package im.routing.message.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import im.contracts.ContractJson;
import im.contracts.message.InboundMessage;
import im.contracts.message.MessageTopics;
import im.infra.Infrastructure;
import im.infra.junit.InfrastructureExtension;
import im.protocol.ConversationId;
import im.routing.RoutingApplication;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two and three routing instances share {@code im.inbound} while traffic flows, and instances are
 * started and stopped under it, so partitions move back and forth (rebalances, batches given up in
 * the middle, re-runs). Whatever happens, every message is stored once, each conversation's numbers are
 * 1..n without a gap, in the order the conversation's messages were sent.
 */
@ExtendWith(InfrastructureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PipelineRebalanceIT {

    static final int CONVERSATIONS = 24;
    static final int PER_CONVERSATION = 150;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final String node = "rb-" + tag;

    private ConfigurableApplicationContext another() {
        return new SpringApplicationBuilder(RoutingApplication.class)
                .run("--server.port=0", "--management.server.port=0", "--spring.jmx.enabled=false");
    }

    @Test
    void rebalancesWhileTrafficFlowsNeitherLoseNorRepeatNorReorderANumber(Infrastructure infra) throws Exception {
        Flyway.configure()
                .dataSource(dataSource)
                .schemas("presence")
                .locations("classpath:db/presence")
                .load()
                .migrate();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", infra.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(MessageTopics.nodeQueue(node), 1, (short) 1)))
                    .all()
                    .get();
        }
        List<String> convs = new ArrayList<>();
        try (KafkaProducer<String, String> gateway = new KafkaProducer<>(
                        Map.of("bootstrap.servers", infra.kafkaBootstrapServers(), "acks", "all"),
                        new StringSerializer(),
                        new StringSerializer());
                ConfigurableApplicationContext second = another()) {
            ConfigurableApplicationContext third = null;
            for (int i = 0; i < PER_CONVERSATION; i++) {
                for (int c = 0; c < CONVERSATIONS; c++) {
                    String from = "s" + c + "-" + tag;
                    String to = "r" + c + "-" + tag;
                    String conv = ConversationId.direct(from, to);
                    if (i == 0) {
                        convs.add(conv);
                    }
                    InboundMessage m = new InboundMessage(
                            conv, from, to, "m-" + i, "body " + i, node, "session-" + c, System.currentTimeMillis());
                    gateway.send(new ProducerRecord<>(MessageTopics.INBOUND, conv, ContractJson.write(m)));
                }
                // Partitions move while messages are in flight: a third instance comes and goes, twice.
                if (i == 30 || i == 90) {
                    third = another();
                } else if ((i == 60 || i == 120) && third != null) {
                    third.close();
                    third = null;
                }
                TimeUnit.MILLISECONDS.sleep(10);
            }
            gateway.flush();
            if (third != null) {
                third.close();
            }
            Awaitility.await()
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> stored(convs) == CONVERSATIONS * PER_CONVERSATION);
        }
        for (String conv : convs) {
            List<Map<String, Object>> rows = jdbc.queryForList(
                    "select seq, client_msg_id from routing.message where conv_id = ? order by seq", conv);
            assertThat(rows).as(conv).hasSize(PER_CONVERSATION);
            for (int i = 0; i < rows.size(); i++) {
                assertThat(((Number) rows.get(i).get("seq")).longValue())
                        .as(conv)
                        .isEqualTo(i + 1);
                assertThat(rows.get(i).get("client_msg_id"))
                        .as(conv + " in the order sent")
                        .isEqualTo("m-" + i);
            }
            assertThat(jdbc.queryForObject(
                            "select last_seq from routing.conversation where conv_id = ?", Long.class, conv))
                    .isEqualTo(PER_CONVERSATION);
        }
    }

    private long stored(List<String> convs) {
        return jdbc.queryForObject(
                "select count(*) from routing.message where conv_id = any(?::text[])", Long.class, (Object)
                        convs.toArray(String[]::new));
    }
}
