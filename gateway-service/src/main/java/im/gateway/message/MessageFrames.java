package im.gateway.message;

import im.contracts.message.ChatMessage;
import im.gateway.client.Frame;
import java.util.LinkedHashMap;
import java.util.Map;

/** The message frames of docs/protocol.md. */
final class MessageFrames {

    private MessageFrames() {}

    /** A message pushed to a recipient (or another device of the sender). */
    static Frame message(ChatMessage m) {
        return new Frame("message", fields(m));
    }

    /** The answer to the sender's {@code send}: stored, with its id and sequence number. */
    static Frame accepted(ChatMessage m) {
        return Frame.of(
                "accepted",
                "clientMsgId",
                m.clientMsgId(),
                "id",
                m.id(),
                "conv",
                m.conversation(),
                "seq",
                m.seq(),
                "storedAt",
                m.storedAtMillis());
    }

    /** A message as a JSON-ready map (also inside {@code messages} pages). */
    static Map<String, Object> fields(ChatMessage m) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("id", m.id());
        f.put("conv", m.conversation());
        f.put("seq", m.seq());
        f.put("from", m.from());
        f.put("to", m.to());
        f.put("clientMsgId", m.clientMsgId());
        f.put("body", m.body());
        f.put("sentAt", m.sentAtMillis());
        f.put("storedAt", m.storedAtMillis());
        return f;
    }
}
