package im.protocol.frame;

import java.util.List;

/** A frame the gateway sends (docs/protocol.md, "Server → client"). {@link FrameCodec} writes and reads them. */
public sealed interface ServerFrame {

    /** The frame's {@code type} on the wire. */
    String type();

    record Welcome(String sessionId, String userId, String node, long heartbeatMillis, long idleTimeoutMillis)
            implements ServerFrame {
        public String type() {
            return "welcome";
        }
    }

    /** Go to {@code node} at {@code url} (null when its address is not known). */
    record Redirect(String node, String url) implements ServerFrame {
        public String type() {
            return "redirect";
        }
    }

    record Pong(Ref ref) implements ServerFrame {
        public String type() {
            return "pong";
        }
    }

    record Subscribed(Ref ref, List<String> users) implements ServerFrame {
        public String type() {
            return "subscribed";
        }
    }

    record Unsubscribed(Ref ref, List<String> users) implements ServerFrame {
        public String type() {
            return "unsubscribed";
        }
    }

    /** A watched user's status; {@code lastSeen} an ISO-8601 instant or null. */
    record Presence(String userId, boolean online, List<String> devices, String lastSeen) implements ServerFrame {
        public String type() {
            return "presence";
        }
    }

    /** The sender's {@code send} is stored. */
    record Accepted(String clientMsgId, String id, String conv, long seq, long storedAt) implements ServerFrame {
        public String type() {
            return "accepted";
        }
    }

    /** A message, pushed ({@code message}) or inside a {@code messages} page. */
    record Message(
            String id,
            String conv,
            long seq,
            String from,
            String to,
            String clientMsgId,
            String body,
            long sentAt,
            long storedAt)
            implements ServerFrame {
        public String type() {
            return "message";
        }
    }

    /**
     * A page of one conversation, oldest first. {@code peerDelivered}: in a direct conversation with
     * someone else, the highest {@code seq} any device of the other participant acknowledged (0 when
     * none); 0 in group and self conversations.
     */
    record Messages(Ref ref, String conv, long lastSeq, List<Message> messages, boolean more, long peerDelivered)
            implements ServerFrame {
        public String type() {
            return "messages";
        }
    }

    /**
     * {@code user}, the other participant of the direct conversation {@code conv}, has a device holding
     * every message of it up to {@code seq}.
     */
    record Delivered(String conv, long seq, String user) implements ServerFrame {
        public String type() {
            return "delivered";
        }
    }

    /** One conversation with messages past the device's cursor. */
    record ConversationState(String conv, long lastSeq, long delivered) {}

    record SyncState(Ref ref, List<ConversationState> conversations, boolean more) implements ServerFrame {
        public String type() {
            return "sync_state";
        }
    }

    /** A frame could not be handled; {@code code} is the catalogue's. */
    record Error(String code, String message, Ref ref, String clientMsgId) implements ServerFrame {
        public String type() {
            return "error";
        }
    }
}
