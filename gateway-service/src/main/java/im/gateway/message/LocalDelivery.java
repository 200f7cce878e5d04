package im.gateway.message;

import im.contracts.message.Delivery;
import im.gateway.group.GroupFanout;
import im.gateway.session.ClientSession;
import im.gateway.session.SessionRegistry;
import im.protocol.ConversationId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Pushes what arrives on this node's queue to the local sessions it names. The frame comes written by
 * routing: the same text goes to every device, unparsed.
 *
 * <p>Each session remembers, per conversation, the highest sequence number it was given (by a push,
 * its own {@code accepted}, or a sync page), and a push at or below it is dropped. That is what makes
 * a re-run pipeline batch (which forwards stored messages again) invisible to clients: every device
 * gets each message once per connection.
 *
 * <p>A {@code delivered} notice goes to every local session of the users it names, unless that
 * session was already pushed one at least as high for the conversation: per connection it never goes
 * back.
 *
 * <p>Threading: runs on the node-queue consumer thread (a group message whose table is not ready
 * yet, on {@link GroupFanout}'s thread); sending never blocks on a client's socket.
 */
@Component
public class LocalDelivery {

    private final SessionRegistry sessions;
    private final GroupFanout groups;
    private final UnansweredSends answers;
    private final Clock clock;
    private final Counter pushed;
    private final Counter duplicates;
    private final Counter groupRecords;
    private final Counter deliveredNotices;
    private final Timer latency;

    LocalDelivery(
            SessionRegistry sessions,
            GroupFanout groups,
            UnansweredSends answers,
            Clock clock,
            MeterRegistry registry) {
        this.sessions = sessions;
        this.groups = groups;
        this.answers = answers;
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
        this.deliveredNotices = Counter.builder("im.gateway.delivered.pushed")
                .description("delivered notices pushed to local sessions")
                .register(registry);
        this.latency = Timer.builder("im.gateway.delivery.latency")
                .description("From the sender's gateway receiving a message to its push here (clocks of both nodes)")
                .publishPercentileHistogram()
                .register(registry);
    }

    /** One record of this node's queue. */
    void deliver(Delivery d) {
        switch (d.kind()) {
            case REJECTED -> {
                ClientSession origin = origin(d);
                if (origin != null) {
                    answers.answered(origin, d.clientMsgId());
                    origin.sendText(d.frame());
                }
            }
            case MESSAGE -> push(d, d.users());
            case DELIVERED -> pushDelivered(d);
            case GROUP -> {
                groupRecords.increment();
                // One record for the whole node: the members come from the table of local members,
                // made at least as recent as the membership routing checked.
                groups.deliver(
                        ConversationId.groupOf(d.conversation()),
                        d.groupVersion(),
                        members -> push(d, withSender(d, members)));
            }
        }
    }

    /** The group's local members and, for the sender's node, the sender (their sending session answers). */
    private static List<String> withSender(Delivery d, List<String> members) {
        if (d.originSession() == null || members.contains(d.from())) {
            return members;
        }
        List<String> out = new ArrayList<>(members.size() + 1);
        out.addAll(members);
        out.add(d.from());
        return out;
    }

    private void push(Delivery d, List<String> users) {
        long latencyMillis = Math.max(0, clock.millis() - d.sentAtMillis());
        for (String user : users) {
            List<ClientSession> of = sessions.sessionsOf(user);
            for (int k = 0; k < of.size(); k++) { // indexed: no iterator per user on a group's walk
                ClientSession s = of.get(k);
                boolean first = s.advance(d.conversation(), d.seq());
                if (s.id().equals(d.originSession())) {
                    // The sender's own connection gets 'accepted' (every time: it may be answering a resend).
                    if (d.accepted() != null) {
                        answers.answered(s, d.clientMsgId());
                        s.sendText(d.accepted());
                    }
                } else if (first) {
                    s.sendText(d.frame());
                    pushed.increment();
                    latency.record(latencyMillis, TimeUnit.MILLISECONDS);
                } else {
                    duplicates.increment();
                }
            }
        }
    }

    private void pushDelivered(Delivery d) {
        for (String user : d.users()) {
            for (ClientSession s : sessions.sessionsOf(user)) {
                if (s.advancePeerDelivered(d.conversation(), d.seq())) {
                    s.sendText(d.frame());
                    deliveredNotices.increment();
                }
            }
        }
    }

    private ClientSession origin(Delivery d) {
        if (d.originSession() == null || d.from() == null) {
            return null;
        }
        for (ClientSession s : sessions.sessionsOf(d.from())) {
            if (s.id().equals(d.originSession())) {
                return s;
            }
        }
        return null;
    }
}
