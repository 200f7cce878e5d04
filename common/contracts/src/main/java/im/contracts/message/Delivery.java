package im.contracts.message;

import java.util.List;

/**
 * What routing puts on a gateway's own queue ({@link MessageTopics#nodeQueue}): one record per node
 * per message, whatever the number of devices there.
 *
 * @param kind {@link Kind#MESSAGE}: push {@code message} to every local session of {@code users},
 *     except {@code originSession}, which gets {@code accepted}; {@link Kind#GROUP}: the same for
 *     every local session of the group's members; {@link Kind#REJECTED}: tell
 *     {@code originSession} its send failed with {@code error}
 * @param message the stored message ({@link Kind#MESSAGE} only)
 * @param users the users to deliver to on this node
 * @param originSession the sending session if it is on this node, else null
 * @param clientMsgId the sender's id, echoed in {@code accepted} and in errors
 * @param error the error code ({@link Kind#REJECTED} only)
 * @param groupVersion {@link Kind#GROUP} only: the group's membership version when routing checked the
 *     sender; the node fans out from a table of local members at least that recent
 */
public record Delivery(
        Kind kind,
        ChatMessage message,
        List<String> users,
        String originSession,
        String clientMsgId,
        String error,
        long groupVersion) {

    /** Kinds of delivery. */
    public enum Kind {
        /** A direct message for {@code users}. */
        MESSAGE,
        /** A group message: for every local member of the group; the record names no users. */
        GROUP,
        /** A refused send, for the sending session. */
        REJECTED
    }

    public static Delivery message(ChatMessage m, List<String> users, String originSession) {
        return new Delivery(Kind.MESSAGE, m, List.copyOf(users), originSession, m.clientMsgId(), null, 0);
    }

    public static Delivery group(ChatMessage m, String originSession, long groupVersion) {
        return new Delivery(Kind.GROUP, m, List.of(), originSession, m.clientMsgId(), null, groupVersion);
    }

    public static Delivery rejected(String originSession, String clientMsgId, String error) {
        return new Delivery(Kind.REJECTED, null, List.of(), originSession, clientMsgId, error, 0);
    }
}
