package im.messaging;

import im.contracts.message.Delivery;
import im.contracts.message.MessageTopics;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A {@link Delivery} as a Kafka record of a node's queue: key = conversation (one conversation stays
 * on one partition, in order), value = the client frame as it goes to devices, headers = where it
 * goes. So a gateway reads a few short headers and never parses the frame.
 */
public final class NodeQueueRecords {

    static final String KIND = "kind";
    static final String SEQ = "seq";
    static final String USERS = "users";
    static final String ORIGIN = "origin";
    static final String FROM = "from";
    static final String GROUP_VERSION = "gv";
    static final String SENT_AT = "sent";
    static final String ACCEPTED = "accepted";
    static final String CLIENT_MSG_ID = "cmid";

    private NodeQueueRecords() {}

    /** The record for {@code node}'s queue. */
    public static ProducerRecord<String, String> toRecord(String node, Delivery d) {
        Headers h = new RecordHeaders();
        put(h, KIND, d.kind().name());
        if (d.seq() != 0) {
            put(h, SEQ, Long.toString(d.seq()));
        }
        if (!d.users().isEmpty()) {
            // User ids cannot hold a comma (im.protocol.UserIds).
            put(h, USERS, String.join(",", d.users()));
        }
        put(h, ORIGIN, d.originSession());
        put(h, FROM, d.from());
        if (d.groupVersion() != 0) {
            put(h, GROUP_VERSION, Long.toString(d.groupVersion()));
        }
        put(h, SENT_AT, Long.toString(d.sentAtMillis()));
        put(h, ACCEPTED, d.accepted());
        put(h, CLIENT_MSG_ID, d.clientMsgId());
        return new ProducerRecord<>(MessageTopics.nodeQueue(node), null, d.conversation(), d.frame(), h);
    }

    /** The delivery in {@code record}; an {@code IllegalArgumentException} if it is not one. */
    public static Delivery fromRecord(ConsumerRecord<String, String> record) {
        Headers h = record.headers();
        String kind = get(h, KIND);
        if (kind == null || record.value() == null || record.key() == null) {
            throw new IllegalArgumentException("not a delivery record: no kind, frame or conversation");
        }
        String users = get(h, USERS);
        return new Delivery(
                Delivery.Kind.valueOf(kind),
                record.key(),
                number(h, SEQ),
                users == null ? List.of() : Arrays.asList(users.split(",")),
                get(h, ORIGIN),
                get(h, FROM),
                number(h, GROUP_VERSION),
                number(h, SENT_AT),
                record.value(),
                get(h, ACCEPTED),
                get(h, CLIENT_MSG_ID));
    }

    private static void put(Headers h, String name, String value) {
        if (value != null) {
            h.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String get(Headers h, String name) {
        Header header = h.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static long number(Headers h, String name) {
        String v = get(h, name);
        return v == null ? 0 : Long.parseLong(v);
    }
}
