package im.client;

/**
 * A message of a conversation, as the application gets it: in sequence order, once.
 *
 * @param id server id
 * @param conversation conversation id ({@code d:<a>:<b>})
 * @param seq its position in the conversation (1, 2, 3, ... without gaps)
 * @param from sender
 * @param to recipient
 * @param clientMsgId the sender's id for it
 * @param body content
 * @param sentAtMillis when the sender's gateway received it
 * @param storedAtMillis when the server stored it
 */
public record Message(
        String id,
        String conversation,
        long seq,
        String from,
        String to,
        String clientMsgId,
        String body,
        long sentAtMillis,
        long storedAtMillis) {}
