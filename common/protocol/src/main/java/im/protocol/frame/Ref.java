package im.protocol.frame;

/**
 * The {@code ref} a client put in a frame: any JSON value, kept as the exact JSON text it sent, so the
 * answer echoes it byte for byte. Null when the frame had none.
 *
 * @param json the value's JSON text as sent (at most {@link Limits#MAX_REF} characters)
 */
public record Ref(String json) {

    /** A ref from a plain string value (what clients usually send), JSON-escaped. */
    public static Ref of(String value) {
        return new Ref(JsonText.quote(value));
    }

    /** A ref from a number. */
    public static Ref of(long value) {
        return new Ref(Long.toString(value));
    }
}
