package im.common.message;

import java.util.List;

/**
 * What routing puts on a gateway's own queue ({@link MessageTopics#nodeQueue}): one record per node
 * per message, whatever the number of devices there.
 *
 * @param kind {@link Kind#MESSAGE}: push {@code message} to every local session of {@code users},
 *     except {@code originSession}, which gets {@code accepted}; {@link Kind#REJECTED}: tell
 *     {@code originSession} its send failed with {@code error}
 * @param message the stored message ({@link Kind#MESSAGE} only)
 * @param users the users to deliver to on this node
 * @param originSession the sending session if it is on this node, else null
 * @param clientMsgId the sender's id, echoed in {@code accepted} and in errors
 * @param error the error code ({@link Kind#REJECTED} only)
 */
public record Delivery(
        Kind kind, ChatMessage message, List<String> users, String originSession, String clientMsgId, String error) {

    /** Kinds of delivery. */
    public enum Kind {
        MESSAGE,
        REJECTED
    }

    public static Delivery message(ChatMessage m, List<String> users, String originSession) {
        return new Delivery(Kind.MESSAGE, m, List.copyOf(users), originSession, m.clientMsgId(), null);
    }

    public static Delivery rejected(String originSession, String clientMsgId, String error) {
        return new Delivery(Kind.REJECTED, null, List.of(), originSession, clientMsgId, error);
    }
}
