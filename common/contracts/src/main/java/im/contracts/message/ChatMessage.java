package im.contracts.message;

/**
 * A stored message: what recipients get pushed and what sync returns.
 *
 * @param id server id, unique across the cluster
 * @param conversation the conversation id
 * @param seq position in the conversation: 1, 2, 3, ... with no gaps
 * @param from the sender
 * @param to the recipient, or for a group conversation the group id
 * @param clientMsgId the sender's id for it (dedup key together with {@code from})
 * @param body the content
 * @param sentAtMillis when the sender's gateway received it (epoch ms)
 * @param storedAtMillis when routing stored it (epoch ms)
 */
public record ChatMessage(
        String id,
        String conversation,
        long seq,
        String from,
        String to,
        String clientMsgId,
        String body,
        long sentAtMillis,
        long storedAtMillis) {}
