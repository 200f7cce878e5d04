package im.protocol;

import java.util.List;

/**
 * A conversation's id, the unit of ordering: every conversation has its own gap-free sequence, and
 * its messages share one Kafka partition key. A direct conversation between users {@code a} and
 * {@code b} is {@code d:<min(a,b)>:<max(a,b)>} (the same id whoever writes first); user ids cannot
 * contain {@code :}, so the id parses back unambiguously. A group's conversation is
 * {@code g:<groupId>}.
 */
public final class ConversationId {

    private static final String DIRECT = "d:";
    private static final String GROUP = "g:";

    private ConversationId() {}

    /** The direct conversation of {@code a} and {@code b} (both valid user ids; may be equal). */
    public static String direct(String a, String b) {
        return a.compareTo(b) <= 0 ? DIRECT + a + ":" + b : DIRECT + b + ":" + a;
    }

    /** The two users of a direct conversation id, or {@code validation_failed}. */
    public static List<String> participants(String conversation) {
        if (conversation != null && conversation.startsWith(DIRECT)) {
            int colon = conversation.indexOf(':', DIRECT.length());
            if (colon > 0) {
                String a = conversation.substring(DIRECT.length(), colon);
                String b = conversation.substring(colon + 1);
                if (UserIds.valid(a) && UserIds.valid(b) && a.compareTo(b) <= 0) {
                    return List.of(a, b);
                }
            }
        }
        throw new ImException(ErrorCode.VALIDATION_FAILED, "not a conversation id: " + Text.excerpt(conversation));
    }

    /**
     * Whether {@code userId} takes part in the direct conversation {@code conversation}; a group
     * conversation's members are group-service's to say, so this is false for one.
     */
    public static boolean includes(String conversation, String userId) {
        return !isGroup(conversation) && participants(conversation).contains(userId);
    }

    /**
     * The other participant of {@code userId} in {@code conversation}: null for a group conversation, a
     * conversation of the user with themselves, one the user is not in, or a null user; {@code
     * validation_failed} when it is not a conversation id.
     */
    public static String peer(String conversation, String userId) {
        if (isGroup(conversation)) {
            return null;
        }
        List<String> users = participants(conversation);
        if (userId == null || users.get(0).equals(users.get(1)) || !users.contains(userId)) {
            return null;
        }
        return users.get(0).equals(userId) ? users.get(1) : users.get(0);
    }

    /** The conversation of group {@code groupId} (a valid group id). */
    public static String group(String groupId) {
        return GROUP + checkGroupId(groupId);
    }

    /** Whether {@code conversation} names a group conversation. */
    public static boolean isGroup(String conversation) {
        return conversation != null && conversation.startsWith(GROUP);
    }

    /** The group of a group conversation id, or {@code validation_failed}. */
    public static String groupOf(String conversation) {
        if (!isGroup(conversation)) {
            throw new ImException(
                    ErrorCode.VALIDATION_FAILED, "not a group conversation id: " + Text.excerpt(conversation));
        }
        return checkGroupId(conversation.substring(GROUP.length()));
    }

    /** {@code groupId} if it is a group id (a UUID in its canonical lower-case form), else {@code validation_failed}. */
    public static String checkGroupId(String groupId) {
        if (groupId != null && groupId.length() == 36) {
            try {
                if (java.util.UUID.fromString(groupId).toString().equals(groupId)) {
                    return groupId;
                }
            } catch (IllegalArgumentException e) {
                // falls through to the catalogued error
            }
        }
        throw new ImException(ErrorCode.VALIDATION_FAILED, "not a group id: " + Text.excerpt(groupId));
    }
}
