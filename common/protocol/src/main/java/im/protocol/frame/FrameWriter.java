package im.protocol.frame;

import java.util.List;

/**
 * Writes frames as JSON text by hand: the fields are few and known, so a builder with one escape
 * routine ({@link JsonText}) does it without a generator or reflection (the gateway writes one for
 * every push and answer).
 */
final class FrameWriter {

    private final StringBuilder out;
    private boolean first = true;

    private FrameWriter(int capacity, String type) {
        out = new StringBuilder(capacity).append('{');
        string("type", type);
    }

    static FrameWriter of(String type) {
        return new FrameWriter(128, type);
    }

    static FrameWriter of(String type, int capacity) {
        return new FrameWriter(capacity, type);
    }

    FrameWriter string(String name, String value) {
        name(name);
        JsonText.append(out, value);
        return this;
    }

    /** Writes the field only when {@code value} is not null. */
    FrameWriter optional(String name, String value) {
        return value == null ? this : string(name, value);
    }

    FrameWriter number(String name, long value) {
        name(name);
        out.append(value);
        return this;
    }

    FrameWriter bool(String name, boolean value) {
        name(name);
        out.append(value);
        return this;
    }

    /** The client's ref as it sent it; nothing when it had none. */
    FrameWriter ref(Ref ref) {
        if (ref != null) {
            name("ref");
            out.append(ref.json());
        }
        return this;
    }

    FrameWriter strings(String name, List<String> values) {
        name(name);
        out.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            JsonText.append(out, values.get(i));
        }
        out.append(']');
        return this;
    }

    /** A field whose value the caller writes itself (an array of objects), started and ended here. */
    StringBuilder raw(String name) {
        name(name);
        return out;
    }

    private void name(String name) {
        if (!first) {
            out.append(',');
        }
        first = false;
        out.append('"').append(name).append("\":");
    }

    String end() {
        return out.append('}').toString();
    }

    /** Appends the fields of a message, without braces (shared by {@code message} and page entries). */
    static void messageFields(StringBuilder out, ServerFrame.Message m) {
        out.append("\"id\":");
        JsonText.append(out, m.id());
        out.append(",\"conv\":");
        JsonText.append(out, m.conv());
        out.append(",\"seq\":").append(m.seq()).append(",\"from\":");
        JsonText.append(out, m.from());
        out.append(",\"to\":");
        JsonText.append(out, m.to());
        out.append(",\"clientMsgId\":");
        JsonText.append(out, m.clientMsgId());
        out.append(",\"body\":");
        JsonText.append(out, m.body());
        out.append(",\"sentAt\":").append(m.sentAt()).append(",\"storedAt\":").append(m.storedAt());
    }
}
