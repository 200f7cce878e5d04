package im.contracts.message;

import java.util.List;

/**
 * What routing puts on a gateway's own queue ({@link MessageTopics#nodeQueue}): one record per node
 * per message, whatever the number of devices there. The {@link #frame} is the finished client frame,
 * written once by routing; the gateway sends those characters to each device without parsing them
 * (the record's value), and routes by the fields, which travel as headers ({@code NodeQueueRecords} in
 * the messaging starter).
 *
 * @param kind {@link Kind#MESSAGE}: push {@link #frame} to every local session of {@link #users},
 *     except {@link #originSession}, which gets {@link #accepted}; {@link Kind#GROUP}: the same for every
 *     local session of the group's members; {@link Kind#REJECTED}: send {@link #frame} (an {@code error})
 *     to {@link #originSession}; {@link Kind#DELIVERED}: push {@link #frame} (a {@code delivered}) to
 *     every local session of {@link #users} that was not pushed {@link #seq} or more for the conversation
 * @param conversation the conversation id (also the record's key)
 * @param seq the message's sequence number (0 for {@link Kind#REJECTED}); for {@link Kind#DELIVERED}
 *     the highest delivered cursor over the devices of {@link #from}
 * @param users {@link Kind#MESSAGE} and {@link Kind#DELIVERED}: the users to deliver to on this node
 * @param originSession the sending session if it is on this node, else null
 * @param from the sender (a group message also reaches the sender's other devices); for {@link
 *     Kind#DELIVERED} the participant whose devices hold the messages
 * @param groupVersion {@link Kind#GROUP} only: the group's membership version when routing checked the
 *     sender; the node fans out from a table of local members at least that recent
 * @param sentAtMillis when the sender's gateway received the message (epoch ms), for latency figures
 * @param frame the client frame to send: {@code message}, {@code error} for {@link Kind#REJECTED}, {@code
 *     delivered} for {@link Kind#DELIVERED}
 * @param accepted the {@code accepted} frame for {@link #originSession}; null without one
 * @param clientMsgId with {@link #originSession}: the sender's id of the message, naming the send that
 *     {@link #accepted} or a {@link Kind#REJECTED} frame answers; else null
 */
public record Delivery(
        Kind kind,
        String conversation,
        long seq,
        List<String> users,
        String originSession,
        String from,
        long groupVersion,
        long sentAtMillis,
        String frame,
        String accepted,
        String clientMsgId) {

    /** Kinds of delivery. */
    public enum Kind {
        /** A direct message for {@code users}. */
        MESSAGE,
        /** A group message: for every local member of the group; the record names no users. */
        GROUP,
        /** A refused send, for the sending session. */
        REJECTED,
        /**
         * The other participant of a direct conversation has a device holding every message up to
         * {@code seq}, for {@code users} (the sender side).
         */
        DELIVERED
    }

    public Delivery {
        users = users == null ? List.of() : List.copyOf(users);
    }
}
