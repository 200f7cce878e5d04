package im.protocol.frame;

import im.protocol.ConversationId;
import im.protocol.ErrorCode;
import im.protocol.ImException;
import im.protocol.Text;
import im.protocol.UserIds;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The rules of each client frame's fields (docs/protocol.md): a frame that breaks one is refused with
 * {@code validation_failed} naming the field, never taken with its data changed.
 */
final class FrameRules {

    private final Limits limits;

    FrameRules(Limits limits) {
        this.limits = limits;
    }

    Decoded check(RawFields f) {
        try {
            ClientFrame frame = switch (f.type) {
                case "ping" -> new ClientFrame.Ping(f.ref);
                case "subscribe" -> new ClientFrame.Subscribe(f.ref, users(f));
                case "unsubscribe" -> new ClientFrame.Unsubscribe(f.ref, users(f));
                case "send" -> send(f);
                case "sync" -> sync(f);
                case "ack" -> ack(f);
                default -> null;
            };
            if (frame == null) {
                return Decoded.refused(new Refusal(
                        ErrorCode.MALFORMED_FRAME, "unknown frame type '" + Text.excerpt(f.type) + "'", f.ref, null));
            }
            return Decoded.of(frame);
        } catch (ImException e) {
            String clientMsgId = "send".equals(f.type) ? readableId(f.string("clientMsgId")) : null;
            return Decoded.refused(new Refusal(e.code(), e.getMessage(), f.ref, clientMsgId));
        }
    }

    private static List<String> users(RawFields f) {
        List<String> users = f.users;
        if (f.wrongType.contains("users")
                || users == null
                || users.isEmpty()
                || users.size() > Limits.MAX_USERS_PER_FRAME
                || !users.stream().allMatch(UserIds::valid)) {
            throw invalid("'users' must be a list of 1 to " + Limits.MAX_USERS_PER_FRAME
                    + " user ids (1 to 128 characters from A-Z a-z 0-9 . _ @ + -)");
        }
        return List.copyOf(new LinkedHashSet<>(users));
    }

    private ClientFrame send(RawFields f) {
        typed(f, "to", "group", "clientMsgId", "body");
        String to = f.string("to");
        String group = f.string("group");
        if ((to == null) == (group == null)) {
            throw invalid("a send names exactly one of 'to' (a user id) and 'group' (a group id)");
        }
        if (to != null) {
            UserIds.check(to);
        } else {
            ConversationId.checkGroupId(group);
        }
        String id = f.string("clientMsgId");
        if (id == null
                || id.isEmpty()
                || id.length() > Limits.MAX_CLIENT_MSG_ID
                || Text.hasNul(id)
                || !Text.wellFormed(id)) {
            throw invalid("'clientMsgId' must be 1 to " + Limits.MAX_CLIENT_MSG_ID
                    + " characters, without U+0000 or unpaired surrogates");
        }
        String body = f.string("body");
        if (body == null) {
            throw invalid("'body' must be a string");
        }
        if (body.length() > limits.maxBody()) {
            throw invalid("'body' exceeds " + limits.maxBody() + " characters");
        }
        if (Text.hasNul(body)) {
            throw invalid("'body' must not contain U+0000");
        }
        if (!Text.wellFormed(body)) {
            // Stored, it would silently become '?': refused instead.
            throw invalid("'body' has an unpaired surrogate (not valid Unicode)");
        }
        return new ClientFrame.Send(f.ref, to, group, id, body);
    }

    private static ClientFrame sync(RawFields f) {
        typed(f, "conv", "afterConv", "after", "before", "limit");
        int limit = limit(f);
        String conv = f.string("conv");
        if (conv == null) {
            if (f.has("after") || f.has("before")) {
                throw invalid("'after' and 'before' need a 'conv'");
            }
            String afterConv = f.string("afterConv");
            if (afterConv != null && afterConv.length() > Limits.MAX_CONVERSATION) {
                throw invalid("'afterConv' must be a conversation id");
            }
            return new ClientFrame.SyncAll(f.ref, afterConv == null ? "" : afterConv, limit);
        }
        checkConversation(conv);
        Long before = f.integer("before");
        if (before != null && f.has("after")) {
            throw invalid("'after' and 'before' cannot be combined");
        }
        long after = f.integer("after") == null ? 0 : f.integer("after");
        if (after < 0 || (before != null && before < 1)) {
            throw invalid("'after' must be >= 0 and 'before' >= 1");
        }
        return new ClientFrame.Sync(f.ref, conv, after, before, limit);
    }

    private static ClientFrame ack(RawFields f) {
        typed(f, "conv", "seq");
        String conv = f.string("conv");
        if (conv == null) {
            throw invalid("'conv' must be a conversation id");
        }
        checkConversation(conv);
        Long seq = f.integer("seq");
        if (seq == null || seq < 1) {
            throw invalid("'seq' must be a positive integer");
        }
        return new ClientFrame.Ack(f.ref, conv, seq);
    }

    private static int limit(RawFields f) {
        Long limit = f.integer("limit");
        if (limit == null) {
            return Limits.DEFAULT_PAGE;
        }
        if (limit < 1 || limit > Limits.MAX_PAGE) {
            throw invalid("'limit' must be 1 to " + Limits.MAX_PAGE);
        }
        return limit.intValue();
    }

    private static void checkConversation(String conv) {
        if (ConversationId.isGroup(conv)) {
            ConversationId.groupOf(conv);
        } else {
            ConversationId.participants(conv);
        }
    }

    /** Refuses the first of {@code names} that came with a value of the wrong JSON type. */
    private static void typed(RawFields f, String... names) {
        for (String name : names) {
            if (f.wrongType.contains(name)) {
                throw invalid("'" + name + "' must be "
                        + (ClientFrameReader.INTEGERS.contains(name) ? "an integer" : "a string"));
            }
        }
    }

    /** The client's id echoed in an error, if it is one that can be shown as it is. */
    private static String readableId(String id) {
        return id != null && id.length() <= Limits.MAX_CLIENT_MSG_ID && Text.wellFormed(id) ? id : null;
    }

    private static ImException invalid(String message) {
        return new ImException(ErrorCode.VALIDATION_FAILED, message);
    }
}
