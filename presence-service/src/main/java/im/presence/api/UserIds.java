package im.presence.api;

import im.common.error.ErrorCode;
import im.common.error.ImException;

/** User id validation shared by the presence endpoints. */
final class UserIds {

    static final int MAX_LENGTH = 128;

    private UserIds() {}

    static String check(String id) {
        if (id == null || id.isBlank() || id.length() > MAX_LENGTH) {
            throw new ImException(
                    ErrorCode.VALIDATION_FAILED, "a user id is 1 to " + MAX_LENGTH + " characters, not blank");
        }
        return id;
    }
}
