package im.protocol.frame;

import im.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads a client's frame with Jackson's streaming parser (no tree, no reflection): one pass over the
 * text collects the known fields ({@link RawFields}), skipping unknown ones (newer clients may add
 * fields), then {@link FrameRules} checks them. Duplicate names, trailing text and nesting deeper than
 * {@link Limits#MAX_DEPTH} are malformed: a frame must mean one thing.
 */
final class ClientFrameReader {

    static final Set<String> STRINGS = Set.of("to", "group", "clientMsgId", "body", "conv", "afterConv");
    static final Set<String> INTEGERS = Set.of("after", "before", "limit", "seq");

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(Limits.MAX_DEPTH)
                    .build())
            .build();

    /** The same parser without duplicate detection: only to find the ref of a frame that has a duplicate. */
    private static final JsonFactory LENIENT = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(Limits.MAX_DEPTH)
                    .build())
            .build();

    private final FrameRules rules;

    ClientFrameReader(Limits limits) {
        this.rules = new FrameRules(limits);
    }

    Decoded read(String text) {
        RawFields f = new RawFields();
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return malformed("a frame is a JSON object with a string 'type'", null);
            }
            for (String name = p.nextName(); name != null; name = p.nextName()) {
                p.nextToken();
                field(p, name, f, text);
            }
            if (p.nextToken() != null) {
                return malformed("text after the frame's closing brace", f.ref);
            }
        } catch (JacksonException e) {
            String reason = reason(e);
            // The duplicate may come before the ref; the client still needs its ref to match the error.
            return malformed(reason, f.ref == null && reason.equals(DUPLICATE) ? refOfDuplicated(text) : f.ref);
        } catch (RefTooLong e) {
            return malformed("'ref' is longer than " + Limits.MAX_REF + " characters", null);
        }
        if (f.typeMissingOrWrong) {
            return malformed("a frame is a JSON object with a string 'type'", f.ref);
        }
        return rules.check(f);
    }

    private static void field(JsonParser p, String name, RawFields f, String text) {
        switch (name) {
            case "type" -> {
                f.typeMissingOrWrong = p.currentToken() != JsonToken.VALUE_STRING;
                f.type = f.typeMissingOrWrong ? null : p.getString();
                p.skipChildren();
            }
            case "ref" -> f.ref = ref(p, text);
            case "users" -> users(p, f);
            default -> {
                if (STRINGS.contains(name)) {
                    string(p, name, f);
                } else if (INTEGERS.contains(name)) {
                    integer(p, name, f);
                } else {
                    p.skipChildren(); // unknown: ignored, for clients newer than this server
                }
            }
        }
    }

    /** The ref's JSON text exactly as sent (a null ref is no ref). */
    private static Ref ref(JsonParser p, String text) {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        int start = (int) p.currentTokenLocation().getCharOffset();
        if (p.currentToken().isStructStart()) {
            p.skipChildren();
        } else {
            p.finishToken();
        }
        int end = (int) p.currentLocation().getCharOffset();
        String raw = text.substring(start, end).strip();
        if (raw.length() > Limits.MAX_REF) {
            throw new RefTooLong();
        }
        return new Ref(raw);
    }

    private static void users(JsonParser p, RawFields f) {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return;
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            f.wrongType.add("users");
            p.skipChildren();
            return;
        }
        ArrayList<String> users = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == JsonToken.VALUE_STRING && users.size() <= Limits.MAX_USERS_PER_FRAME) {
                users.add(p.getString());
            } else {
                if (t != JsonToken.VALUE_STRING) {
                    f.wrongType.add("users");
                }
                p.skipChildren();
                users.add(null); // counted, so that an over-long list is told as such
            }
        }
        f.users = users;
    }

    private static void string(JsonParser p, String name, RawFields f) {
        switch (p.currentToken()) {
            case VALUE_STRING -> f.strings.put(name, p.getString());
            case VALUE_NULL -> {}
            default -> {
                f.wrongType.add(name);
                p.skipChildren();
            }
        }
    }

    private static void integer(JsonParser p, String name, RawFields f) {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return;
        }
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            f.integers.put(name, p.getLongValue());
        } else {
            f.wrongType.add(name);
            p.skipChildren();
        }
    }

    /** The first top-level ref of a frame with a duplicated field, or null if there is none or it is unusable. */
    private static Ref refOfDuplicated(String text) {
        try (JsonParser p = LENIENT.createParser(ObjectReadContext.empty(), text)) {
            p.nextToken();
            for (String name = p.nextName(); name != null; name = p.nextName()) {
                p.nextToken();
                if (name.equals("ref")) {
                    return ref(p, text);
                }
                p.skipChildren();
            }
        } catch (JacksonException | RefTooLong e) {
            // no usable ref: the error goes without one
        }
        return null;
    }

    private static final String DUPLICATE = "a field appears twice";

    private static String reason(JacksonException e) {
        String m = String.valueOf(e.getOriginalMessage());
        if (m.startsWith("Duplicate Object property")) {
            return DUPLICATE;
        }
        if (m.contains("nesting depth")) {
            return "nested deeper than " + Limits.MAX_DEPTH + " levels";
        }
        return "not valid JSON";
    }

    private static Decoded malformed(String message, Ref ref) {
        return Decoded.refused(new Refusal(ErrorCode.MALFORMED_FRAME, message, ref, null));
    }

    /** A ref over the limit: told as malformed, and not echoed. */
    private static final class RefTooLong extends RuntimeException {
        RefTooLong() {
            super("ref too long", null, false, false);
        }
    }
}
