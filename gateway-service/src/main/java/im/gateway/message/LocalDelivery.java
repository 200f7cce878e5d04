package im.gateway.message;

import im.contracts.message.ChatMessage;
import im.contracts.message.Delivery;
import im.gateway.client.Connection;
import im.gateway.client.Frame;
import im.gateway.group.LocalGroups;
import im.gateway.session.LocalSession;
import im.gateway.session.SessionRegistry;
import im.protocol.ConversationId;
import im.protocol.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Pushes what arrives on this node's queue to the local sessions it names.
 *
 * <p>Each session remembers, per conversation, the highest sequence number it was given (by a push,
 * its own {@code accepted}, or a sync page), and a push at or below it is dropped. That is what makes
 * a re-run pipeline batch (which forwards stored messages again) invisible to clients: every device
 * gets each message once per connection.
 */
@Component
public class LocalDelivery {

    /** A connected session that can receive pushes. */
    private record Target(Connection connection, Map<String, Long> given) {

        /** Records {@code seq} as given in {@code conversation}; false if it (or a later one) already was. */
        boolean advance(String conversation, long seq) {
            boolean[] raised = {false};
            given.compute(conversation, (k, v) -> {
                if (v == null || seq > v) {
                    raised[0] = true;
                    return seq;
                }
                return v;
            });
            return raised[0];
        }
    }

    private final Map<String, Target> targets = new ConcurrentHashMap<>();
    private final SessionRegistry sessions;
    private final LocalGroups groups;
    private final Clock clock;
    private final Counter pushed;
    private final Counter duplicates;
    private final Counter groupRecords;
    private final Timer latency;

    LocalDelivery(SessionRegistry sessions, LocalGroups groups, Clock clock, MeterRegistry registry) {
        this.sessions = sessions;
        this.groups = groups;
        this.clock = clock;
        this.pushed = Counter.builder("im.gateway.messages.pushed")
                .description("Messages pushed to local sessions")
                .register(registry);
        this.duplicates = Counter.builder("im.gateway.messages.duplicates")
                .description("Pushes dropped because the session already had the message")
                .register(registry);
        this.groupRecords = Counter.builder("im.gateway.group.fanout")
                .description("Group message records fanned out to this node's members (one per message per node)")
                .register(registry);
        this.latency = Timer.builder("im.gateway.delivery.latency")
                .description("From the sender's gateway receiving a message to its push here (clocks of both nodes)")
                .publishPercentileHistogram()
                .register(registry);
    }

    /** Makes {@code session} reachable through {@code connection}. */
    public void attach(LocalSession session, Connection connection) {
        targets.put(session.info().sessionId(), new Target(connection, new ConcurrentHashMap<>()));
    }

    public void detach(String sessionId) {
        targets.remove(sessionId);
    }

    /** Marks messages up to {@code seq} of {@code conversation} as given to {@code sessionId} (a sync page). */
    void given(String sessionId, String conversation, long seq) {
        Target t = targets.get(sessionId);
        if (t != null) {
            t.advance(conversation, seq);
        }
    }

    /** {@code users} and the sender, whose sending session gets {@code accepted} whatever table 3 says. */
    private static List<String> withSender(List<String> users, String sender) {
        if (users.contains(sender)) {
            return users;
        }
        List<String> out = new java.util.ArrayList<>(users);
        out.add(sender);
        return out;
    }

    /** One record of this node's queue. */
    void deliver(Delivery d) {
        if (d.kind() == Delivery.Kind.REJECTED) {
            Target t = d.originSession() == null ? null : targets.get(d.originSession());
            if (t != null) {
                ErrorCode code = ErrorCode.fromCode(d.error());
                t.connection()
                        .send(Frame.of(
                                "error",
                                "code",
                                code.code(),
                                "message",
                                code.meaning(),
                                "clientMsgId",
                                d.clientMsgId()));
            }
            return;
        }
        ChatMessage m = d.message();
        List<String> users = d.users();
        if (d.kind() == Delivery.Kind.GROUP) {
            // One record for the whole node: the members come from table 3, made at least as recent as
            // the membership routing checked, so a change that returned before the send applies to it.
            String group = ConversationId.groupOf(m.conversation());
            groups.ensure(group, d.groupVersion());
            users = groups.members(group);
            groupRecords.increment();
            if (d.originSession() != null) {
                users = withSender(users, m.from());
            }
        }
        Frame push = MessageFrames.message(m); // one frame for every recipient of a fan-out
        for (String user : users) {
            for (LocalSession s : sessions.sessionsOf(user)) {
                String id = s.info().sessionId();
                Target t = targets.get(id);
                if (t == null) {
                    continue;
                }
                boolean first = t.advance(m.conversation(), m.seq());
                if (id.equals(d.originSession())) {
                    // The sender's own connection gets 'accepted' (every time: it may be answering a resend).
                    t.connection().send(MessageFrames.accepted(m));
                } else if (first) {
                    t.connection().send(push);
                    pushed.increment();
                    latency.record(Math.max(0, clock.millis() - m.sentAtMillis()), TimeUnit.MILLISECONDS);
                } else {
                    duplicates.increment();
                }
            }
        }
    }
}
