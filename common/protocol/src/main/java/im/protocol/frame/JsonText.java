package im.protocol.frame;

/** JSON string literals, written by hand on the hot path (no generator for a few short fields). */
final class JsonText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {}

    /** {@code s} as a JSON string literal, quotes included (RFC 8259: {@code "}, {@code \} and controls escaped). */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2);
        append(out, s);
        return out.toString();
    }

    /** Appends {@code s} as a JSON string literal; null as {@code null}. */
    static void append(StringBuilder out, String s) {
        if (s == null) {
            out.append("null");
            return;
        }
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    // U+2028/2029 are valid in JSON but not in JavaScript source: escaped for any client.
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append("\\u")
                                .append(HEX[(c >> 12) & 0xf])
                                .append(HEX[(c >> 8) & 0xf])
                                .append(HEX[(c >> 4) & 0xf])
                                .append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
