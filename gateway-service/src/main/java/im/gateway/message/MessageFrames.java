package im.gateway.message;

import im.contracts.ContractJson;
import im.contracts.message.InboundMessage;
import im.contracts.message.MessageTopics;
import im.contracts.message.Receipt;
import im.gateway.GatewayProperties;
import im.gateway.session.ClientSession;
import im.protocol.ConversationId;
import im.protocol.ErrorCode;
import im.protocol.ImException;
import im.protocol.frame.ClientFrame;
import im.protocol.frame.ServerFrame;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;

/**
 * The client's message frames: {@code send} (to routing over Kafka), {@code sync} (from the store,
 * {@link SyncFrames}), {@code ack} (delivered cursors). The frames come checked by the codec; what is
 * decided here is what the session's user may do.
 *
 * <p>Threading: called on the connection's container thread; a send is handed to Kafka without
 * waiting (its answer, {@code accepted}, comes back through this node's queue).
 */
@Service
public class MessageFrames {

    private static final Logger log = LoggerFactory.getLogger(MessageFrames.class);

    private final KafkaTemplate<String, String> kafka;
    private final UnansweredSends answers;
    private final SyncFrames sync;
    private final String node;
    private final double sendRate;
    private final double sendBurst;
    private final Clock clock;
    private final Counter received;
    private final Counter limited;

    MessageFrames(
            KafkaTemplate<String, String> kafka,
            UnansweredSends answers,
            SyncFrames sync,
            GatewayProperties gateway,
            Clock clock,
            MeterRegistry registry) {
        this.kafka = kafka;
        this.answers = answers;
        this.sync = sync;
        this.node = gateway.nodeId();
        this.sendRate = gateway.connection().sendRate();
        this.sendBurst = gateway.connection().sendBurst();
        this.clock = clock;
        this.limited = Counter.builder("im.gateway.messages.rate.limited")
                .description("send frames refused with rate_limited")
                .register(registry);
        this.received = Counter.builder("im.gateway.messages.received")
                .description("send frames accepted for routing")
                .register(registry);
    }

    /** A {@code send}, {@code sync} or {@code ack} of {@code s}; a refusal is answered with an {@code error}. */
    public void onFrame(ClientSession s, ClientFrame f) {
        try {
            if (f instanceof ClientFrame.Send send) {
                send(s, send);
            } else if (f instanceof ClientFrame.Sync page) {
                sync.page(s, page, readable(s, page.conv()));
            } else if (f instanceof ClientFrame.SyncAll state) {
                sync.state(s, state);
            } else if (f instanceof ClientFrame.Ack ack) {
                ack(s, ack);
            }
        } catch (ImException e) {
            String clientMsgId = f instanceof ClientFrame.Send send ? send.clientMsgId() : null;
            s.send(new ServerFrame.Error(e.code().code(), e.getMessage(), f.ref(), clientMsgId));
        }
    }

    private void send(ClientSession s, ClientFrame.Send f) {
        if (!s.allowSend(sendRate, sendBurst)) {
            limited.increment();
            throw new ImException(ErrorCode.RATE_LIMITED, "more than the allowed messages per second; resend later");
        }
        // Group membership is routing's to check (in the transaction that stores the message).
        String to = f.toGroup() ? f.group() : f.to();
        String conv = f.toGroup() ? ConversationId.group(to) : ConversationId.direct(s.userId(), to);
        InboundMessage m =
                new InboundMessage(conv, s.userId(), to, f.clientMsgId(), f.body(), node, s.id(), clock.millis());
        // Keyed by conversation: routing sees one conversation's messages in the order they arrived.
        // Not handed to routing (at once or later): the client resends, with the same clientMsgId, so
        // it is never stored twice.
        Runnable unavailable = () -> {
            // Unless the answer timeout already said so: one 'unavailable' per send.
            if (answers.answered(s, f.clientMsgId())) {
                s.send(new ServerFrame.Error(
                        ErrorCode.UNAVAILABLE.code(), "message not accepted; resend it", f.ref(), f.clientMsgId()));
            }
        };
        // Before the hand-off: routing's answer may come back before send() returns.
        answers.handed(s, f.clientMsgId());
        try {
            kafka.send(MessageTopics.INBOUND, conv, ContractJson.write(m)).whenComplete((r, e) -> {
                if (e != null) {
                    unavailable.run();
                }
            });
        } catch (RuntimeException e) {
            unavailable.run();
            return;
        }
        received.increment();
    }

    /**
     * An {@code ack}: what this connection was given covers it, or routing confirms the conversation
     * has that many messages (a device acking what it got on an earlier connection); a {@code seq}
     * past the conversation's last message is refused, so a cursor never runs ahead of the store.
     */
    private void ack(ClientSession s, ClientFrame.Ack f) {
        String conv = readable(s, f.conv());
        if (f.seq() <= s.given(conv)) {
            record(s, conv, f.seq());
        } else {
            sync.checkAck(s, f, () -> record(s, conv, f.seq()));
        }
    }

    private void record(ClientSession s, String conv, long seq) {
        Receipt r = new Receipt(s.userId(), s.device(), conv, seq);
        // A lost receipt is harmless: the cursor only decides where the next login sync starts, and a
        // later ack moves it.
        try {
            kafka.send(MessageTopics.RECEIPTS, s.userId(), ContractJson.write(r))
                    .whenComplete((x, e) -> {
                        if (e != null) {
                            log.debug("receipt of {} not recorded: {}", s.userId(), e.toString());
                        }
                    });
        } catch (RuntimeException e) {
            log.debug("receipt of {} not recorded: {}", s.userId(), e.toString());
        }
    }

    /**
     * {@code conv} if the session's user may read it: a direct conversation they take part in, or a
     * group conversation (membership is checked where it is read, by routing).
     */
    static String readable(ClientSession s, String conv) {
        if (ConversationId.isGroup(conv) || ConversationId.includes(conv, s.userId())) {
            return conv;
        }
        throw new ImException(ErrorCode.FORBIDDEN, "not a conversation of " + s.userId());
    }
}
