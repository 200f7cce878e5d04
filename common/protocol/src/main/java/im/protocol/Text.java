package im.protocol;

/** Checks on text that clients send, shared by every place that takes some. */
public final class Text {

    private static final int EXCERPT = 64;

    private Text() {}

    /**
     * Whether {@code s} is well-formed UTF-16: every surrogate is half of a pair. A lone surrogate has
     * no UTF-8 form, so storing it would silently change it (PostgreSQL and every encoder replace it);
     * such text is refused instead.
     */
    public static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code s} holds U+0000, which PostgreSQL text cannot store. */
    public static boolean hasNul(String s) {
        return s.indexOf('\0') >= 0;
    }

    /** Whether {@code s} holds a control character (U+0000–U+001F, U+007F–U+009F): not in names. */
    public static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** A name fit to show: 1 to {@code max} characters, well-formed, no control character, not blank. */
    public static boolean validName(String s, int max) {
        return s != null && !s.isBlank() && s.length() <= max && wellFormed(s) && !hasControl(s);
    }

    /** {@code s} shortened for an error message, so that an answer never echoes a huge input. */
    public static String excerpt(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() <= EXCERPT ? s : s.substring(0, EXCERPT) + "…";
    }
}
