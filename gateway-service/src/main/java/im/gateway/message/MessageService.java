package im.gateway.message;

import im.contracts.ContractJson;
import im.contracts.message.InboundMessage;
import im.contracts.message.MessagePage;
import im.contracts.message.MessageTopics;
import im.contracts.message.Receipt;
import im.contracts.message.SyncState;
import im.gateway.GatewayProperties;
import im.gateway.client.Connection;
import im.gateway.client.Frame;
import im.gateway.session.LocalSession;
import im.messaging.MessagingProperties;
import im.protocol.ConversationId;
import im.protocol.ErrorCode;
import im.protocol.ImException;
import im.protocol.UserIds;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;

/**
 * The client's message frames: {@code send} (to routing over Kafka), {@code sync} (from the store),
 * {@code ack} (delivered cursors). The transport and session lifecycle are {@code ConnectionService}'s.
 */
@Service
public class MessageService {

    /** Frame types handled here. */
    public static final List<String> FRAME_TYPES = List.of("send", "sync", "ack");

    static final int MAX_CLIENT_MSG_ID = 64;
    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 500;

    private static final Logger log = LoggerFactory.getLogger(MessageService.class);

    private final KafkaTemplate<String, String> kafka;
    private final RoutingClient routing;
    private final LocalDelivery delivery;
    private final String node;
    private final int maxBody;
    private final Clock clock;
    private final Counter received;
    private final Counter limited;
    private final SendLimiter limiter;

    MessageService(
            KafkaTemplate<String, String> kafka,
            RoutingClient routing,
            LocalDelivery delivery,
            GatewayProperties gateway,
            MessagingProperties messaging,
            Clock clock,
            MeterRegistry registry) {
        this.kafka = kafka;
        this.routing = routing;
        this.delivery = delivery;
        this.node = gateway.nodeId();
        this.maxBody = messaging.maxBodySize();
        this.clock = clock;
        this.limiter = new SendLimiter(
                gateway.connection().sendRate(), gateway.connection().sendBurst(), clock);
        this.limited = Counter.builder("im.gateway.messages.rate.limited")
                .description("send frames refused with rate_limited")
                .register(registry);
        this.received = Counter.builder("im.gateway.messages.received")
                .description("send frames accepted for routing")
                .register(registry);
    }

    /** Handles one of {@link #FRAME_TYPES}; a bad field is answered with an {@code error} frame. */
    public void onFrame(Connection c, LocalSession s, Frame f) {
        try {
            switch (f.type()) {
                case "send" -> send(c, s, f);
                case "sync" -> sync(c, s, f);
                case "ack" -> ack(s, f);
                default -> throw new IllegalArgumentException(f.type());
            }
        } catch (ImException e) {
            c.send(Frame.of(
                    "error",
                    "code",
                    e.code().code(),
                    "message",
                    e.getMessage(),
                    "ref",
                    f.fields().get("ref"),
                    "clientMsgId",
                    f.fields().get("clientMsgId")));
        }
    }

    private void send(Connection c, LocalSession s, Frame f) {
        // 'to' a user, or 'group' a group id: exactly one. Group membership is routing's to check (it
        // reads group-service's table in the transaction that stores the message).
        Object group = f.fields().get("group");
        if ((group == null) == (f.fields().get("to") == null)) {
            throw invalid("a send names exactly one of 'to' (a user) and 'group' (a group id)");
        }
        String to = group != null ? ConversationId.checkGroupId(string(f, "group")) : UserIds.check(string(f, "to"));
        String clientMsgId = string(f, "clientMsgId");
        if (clientMsgId.isEmpty() || clientMsgId.length() > MAX_CLIENT_MSG_ID || clientMsgId.indexOf('\0') >= 0) {
            throw invalid("'clientMsgId' must be 1 to " + MAX_CLIENT_MSG_ID + " characters");
        }
        String body = string(f, "body");
        if (body.length() > maxBody) {
            throw invalid("'body' exceeds " + maxBody + " characters");
        }
        if (body.indexOf('\0') >= 0) {
            // PostgreSQL text cannot hold U+0000; refused here rather than failing the store.
            throw invalid("'body' must not contain U+0000");
        }
        if (!limiter.allow(s.info().sessionId())) {
            limited.increment();
            throw new ImException(ErrorCode.RATE_LIMITED, "more than the allowed messages per second; resend later");
        }
        String conv = group != null ? ConversationId.group(to) : ConversationId.direct(s.userId(), to);
        InboundMessage m = new InboundMessage(
                conv, s.userId(), to, clientMsgId, body, node, s.info().sessionId(), clock.millis());
        // Keyed by conversation: routing sees one conversation's messages in the order they arrived.
        kafka.send(MessageTopics.INBOUND, conv, ContractJson.write(m)).whenComplete((r, e) -> {
            if (e != null) {
                // Not handed to routing: the client resends (same clientMsgId, so never twice stored).
                c.send(Frame.of(
                        "error",
                        "code",
                        ErrorCode.UNAVAILABLE.code(),
                        "message",
                        "message not accepted; resend it",
                        "clientMsgId",
                        clientMsgId));
            }
        });
        received.increment();
    }

    /** The session ended: its state here goes. */
    public void closed(String sessionId) {
        limiter.forget(sessionId);
    }

    private void sync(Connection c, LocalSession s, Frame f) {
        Object ref = f.fields().get("ref");
        int limit = (int) number(f, "limit", DEFAULT_PAGE);
        if (limit < 1 || limit > MAX_PAGE) {
            throw invalid("'limit' must be 1 to " + MAX_PAGE);
        }
        Object conv = f.fields().get("conv");
        if (conv == null) {
            Object afterConv = f.fields().getOrDefault("afterConv", "");
            SyncState state =
                    routing.missing(s.userId(), s.info().device(), afterConv instanceof String a ? a : "", limit);
            List<Map<String, Object>> convs = state.conversations().stream()
                    .map(e -> Map.<String, Object>of(
                            "conv", e.conversation(), "lastSeq", e.lastSeq(), "delivered", e.delivered()))
                    .toList();
            c.send(Frame.of("sync_state", "ref", ref, "conversations", convs, "more", state.more()));
            return;
        }
        String id = readable(s, conv);
        long after = number(f, "after", 0);
        // For a group, routing checks membership as of now; for a direct conversation readable() did.
        MessagePage page = routing.page(id, Math.max(0, after), limit, s.userId());
        if (!page.messages().isEmpty()) {
            delivery.given(
                    s.info().sessionId(),
                    id,
                    page.messages().get(page.messages().size() - 1).seq());
        }
        c.send(Frame.of(
                "messages",
                "ref",
                ref,
                "conv",
                id,
                "lastSeq",
                page.lastSeq(),
                "messages",
                page.messages().stream().map(MessageFrames::fields).toList(),
                "more",
                page.more()));
    }

    private void ack(LocalSession s, Frame f) {
        // A group's cursor is not checked against its members: it only moves where this device's next
        // sync starts, and a non-member's sync is refused anyway.
        String conv = readable(s, f.fields().get("conv"));
        long seq = number(f, "seq", -1);
        if (seq < 1) {
            throw invalid("'seq' must be a positive integer");
        }
        Receipt r = new Receipt(s.userId(), s.info().device(), conv, seq);
        kafka.send(MessageTopics.RECEIPTS, s.userId(), ContractJson.write(r)).whenComplete((x, e) -> {
            if (e != null) {
                // Harmless: the cursor only decides where the next login sync starts; a later ack moves it.
                log.debug("receipt of {} not recorded: {}", s.userId(), e.toString());
            }
        });
    }

    /**
     * The conversation id in {@code value}: a group conversation (membership is checked where it is
     * read), or a direct one the session's user takes part in.
     */
    private static String readable(LocalSession s, Object value) {
        if (!(value instanceof String conv)) {
            throw invalid("'conv' must be a conversation id");
        }
        if (ConversationId.isGroup(conv)) {
            ConversationId.groupOf(conv);
            return conv;
        }
        if (!ConversationId.includes(conv, s.userId())) {
            throw new ImException(ErrorCode.FORBIDDEN, "not a conversation of " + s.userId());
        }
        return conv;
    }

    private static String string(Frame f, String field) {
        if (!(f.fields().get(field) instanceof String v)) {
            throw invalid("'" + field + "' must be a string");
        }
        return v;
    }

    private static long number(Frame f, String field, long otherwise) {
        Object v = f.fields().get(field);
        if (v == null) {
            return otherwise;
        }
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        throw invalid("'" + field + "' must be an integer");
    }

    private static ImException invalid(String message) {
        return new ImException(ErrorCode.VALIDATION_FAILED, message);
    }
}
