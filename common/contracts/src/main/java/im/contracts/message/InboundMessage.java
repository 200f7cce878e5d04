package im.contracts.message;

import im.protocol.ConversationId;

/**
 * A message a gateway took from a client, on its way to routing ({@link MessageTopics#INBOUND}, keyed
 * by {@link #conversation}). Nothing is promised to the client yet: {@code accepted} only comes
 * after routing has stored it.
 *
 * @param conversation the conversation id ({@link ConversationId})
 * @param from the sender (from the token, never from the frame)
 * @param to the recipient user, or for a group conversation the group id
 * @param clientMsgId the sender's id for this message; a resend with the same id is stored once
 * @param body the content, opaque to the server
 * @param senderNode the gateway holding the sending connection, where the answer goes
 * @param senderSession the sending connection's session id, which gets {@code accepted}
 * @param sentAtMillis when the gateway received it (epoch ms), for latency figures
 */
public record InboundMessage(
        String conversation,
        String from,
        String to,
        String clientMsgId,
        String body,
        String senderNode,
        String senderSession,
        long sentAtMillis) {}
