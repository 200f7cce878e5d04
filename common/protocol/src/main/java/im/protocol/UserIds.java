package im.protocol;

import java.util.regex.Pattern;

/**
 * What a user id may be: 1 to 128 characters from {@code A-Z a-z 0-9 . _ @ + -}. The colon is kept
 * out on purpose: it separates the parts of a conversation id (see {@code im.protocol.ConversationId}), which must
 * be unambiguous.
 */
public final class UserIds {

    /** Longest user id. */
    public static final int MAX_LENGTH = 128;

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._@+\\-]{1," + MAX_LENGTH + "}");

    private UserIds() {}

    public static boolean valid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    /** {@code id}, or an {@link ImException} {@code validation_failed} naming the rule. */
    public static String check(String id) {
        if (!valid(id)) {
            throw new ImException(
                    ErrorCode.VALIDATION_FAILED,
                    "a user id is 1 to " + MAX_LENGTH + " characters from A-Z a-z 0-9 . _ @ + -");
        }
        return id;
    }
}
