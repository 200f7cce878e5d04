package im.protocol.frame;

/**
 * The limits of the client protocol (docs/protocol.md, "Limits"). Lengths of strings are counted in
 * UTF-16 code units (Java's and JavaScript's {@code length}); a character outside the Basic
 * Multilingual Plane (an emoji) counts two.
 *
 * @param maxBody longest message body, in characters ({@code im.messaging.max-body-size})
 */
public record Limits(int maxBody) {

    /** The default body limit, in characters. */
    public static final int DEFAULT_MAX_BODY = 16_000;

    /** Longest client message id, in characters. */
    public static final int MAX_CLIENT_MSG_ID = 64;

    /** Most users one {@code subscribe} or {@code unsubscribe} names. */
    public static final int MAX_USERS_PER_FRAME = 500;

    /** The most a page ({@code sync}'s {@code limit}) holds, and its default. */
    public static final int MAX_PAGE = 500;

    public static final int DEFAULT_PAGE = 100;

    /** Longest {@code ref}, in characters of its JSON text as sent. */
    public static final int MAX_REF = 256;

    /** Longest conversation id: {@code d:} + two user ids + {@code :}. */
    public static final int MAX_CONVERSATION = 2 + 128 + 1 + 128;

    /** Deepest nesting of arrays and objects in a frame (a {@code ref} may be structured, not deeply). */
    public static final int MAX_DEPTH = 16;

    /** Longest device name, in characters. */
    public static final int MAX_DEVICE = 64;

    /**
     * The smallest frame limit, in characters, that lets every valid {@code send} through: JSON may
     * escape each body and id character as a {@code \\u} escape with four hex digits (6 characters), plus the frame's names and
     * punctuation. A gateway's configured frame limit must be at least this.
     */
    public int minFrameChars() {
        return 6 * (maxBody + MAX_CLIENT_MSG_ID + MAX_CONVERSATION) + 6 * MAX_REF + 1_024;
    }

    public static Limits defaults() {
        return new Limits(DEFAULT_MAX_BODY);
    }

    public Limits {
        if (maxBody < 1) {
            throw new IllegalArgumentException("the body limit must be >= 1, was " + maxBody);
        }
    }
}
