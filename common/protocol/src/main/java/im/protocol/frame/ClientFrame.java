package im.protocol.frame;

import java.util.List;

/**
 * A frame a client sends (docs/protocol.md, "Client → server"), as the gateway receives it after the
 * {@link FrameCodec} checked its shape and every field's rules. What a frame may do (is the sender in
 * the conversation, over a rate limit) is the gateway's to decide.
 */
public sealed interface ClientFrame {

    /** The frame's {@code ref}, echoed in its answer; null when it had none. */
    Ref ref();

    /** The frame's {@code type} on the wire. */
    String type();

    /** {@code ping}: answered with {@code pong}. */
    record Ping(Ref ref) implements ClientFrame {
        public String type() {
            return "ping";
        }
    }

    /** {@code subscribe}: 1 to 500 valid user ids, duplicates removed, in the order sent. */
    record Subscribe(Ref ref, List<String> users) implements ClientFrame {
        public Subscribe {
            users = List.copyOf(users);
        }

        public String type() {
            return "subscribe";
        }
    }

    /** {@code unsubscribe}: as {@link Subscribe}. */
    record Unsubscribe(Ref ref, List<String> users) implements ClientFrame {
        public Unsubscribe {
            users = List.copyOf(users);
        }

        public String type() {
            return "unsubscribe";
        }
    }

    /**
     * {@code send}: to a user ({@code to}) or a group ({@code group}, a canonical UUID), exactly one of
     * them non-null.
     */
    record Send(Ref ref, String to, String group, String clientMsgId, String body) implements ClientFrame {
        public String type() {
            return "send";
        }

        /** Whether it goes to a group. */
        public boolean toGroup() {
            return group != null;
        }
    }

    /**
     * {@code sync} with a {@code conv}: the messages after {@code after}, or, when {@code before} is set,
     * the newest {@code limit} below it (scrolling back).
     */
    record Sync(Ref ref, String conv, long after, Long before, int limit) implements ClientFrame {
        public String type() {
            return "sync";
        }
    }

    /** {@code sync} without a {@code conv}: the conversations with messages past this device's cursor. */
    record SyncAll(Ref ref, String afterConv, int limit) implements ClientFrame {
        public String type() {
            return "sync";
        }
    }

    /** {@code ack}: this device holds every message of {@code conv} up to {@code seq} (at least 1). */
    record Ack(Ref ref, String conv, long seq) implements ClientFrame {
        public String type() {
            return "ack";
        }
    }
}
