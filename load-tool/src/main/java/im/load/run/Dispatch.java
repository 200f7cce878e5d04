package im.load.run;

import im.load.traffic.MessageBook;
import im.load.traffic.Receiver;
import im.load.ws.Frame;
import im.load.ws.FrameListener;
import im.load.ws.WsSession;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The frame listener of every measured session: routes {@code accepted}, {@code error} and {@code
 * message} frames to the current stage's book. Messages are named {@code <run>.<stage>.<i>}
 * (clientMsgId) and carry {@code <stage>:<i>:<due>} as body, so a frame maps to its message without a
 * lookup table; frames of an earlier stage (stragglers past its wait) are counted as late and ignored.
 */
public final class Dispatch implements FrameListener {

    private volatile MessageBook book;
    private final Map<Integer, LongAdder> closed = new ConcurrentHashMap<>();
    private final LongAdder late = new LongAdder();

    public void install(MessageBook b) {
        this.book = b;
    }

    @Override
    public void onFrame(WsSession session, Frame f, long nanos) {
        MessageBook b = book;
        if (b == null || f.type == null) {
            return;
        }
        switch (f.type) {
            case "message" -> {
                int i = indexInBody(f.body, b.tag());
                if (i >= 0 && session.attachment instanceof Receiver r) {
                    b.delivered(r, i, f.seq, nanos);
                }
            }
            case "accepted" -> {
                int i = indexInId(f.clientMsgId, b.tag());
                if (i >= 0) {
                    b.accepted(i, f.seq, nanos);
                }
            }
            case "error" -> b.error(indexInId(f.clientMsgId, b.tag()), f.code);
            default -> {}
        }
    }

    @Override
    public void onClosed(WsSession session, int code) {
        closed.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    public Map<Integer, Long> closed() {
        Map<Integer, Long> out = new java.util.TreeMap<>();
        closed.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public long late() {
        return late.sum();
    }

    /** {@code <stage>:<i>:<due>} → i, or -1 when it belongs to another stage. */
    int indexInBody(String body, String tag) {
        if (body == null
                || !body.startsWith(tag)
                || body.length() <= tag.length()
                || body.charAt(tag.length()) != ':') {
            late.increment();
            return -1;
        }
        int end = body.indexOf(':', tag.length() + 1);
        return parse(body, tag.length() + 1, end < 0 ? body.length() : end);
    }

    /** {@code <run>.<stage>.<i>} → i, or -1 when it belongs to another stage. */
    int indexInId(String id, String tag) {
        if (id == null) {
            return -1;
        }
        int last = id.lastIndexOf('.');
        int prev = last <= 0 ? -1 : id.lastIndexOf('.', last - 1);
        if (prev < 0 || !id.regionMatches(prev + 1, tag, 0, tag.length()) || last - prev - 1 != tag.length()) {
            late.increment();
            return -1;
        }
        return parse(id, last + 1, id.length());
    }

    private static int parse(String s, int from, int to) {
        int v = 0;
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return to > from ? v : -1;
    }

    /** The frame that sends message {@code i} of stage {@code tag} to a user or a group. */
    public static String sendFrame(String target, boolean group, String runId, String tag, int i, long due) {
        return new StringBuilder(160)
                .append("{\"type\":\"send\",\"")
                .append(group ? "group" : "to")
                .append("\":\"")
                .append(target)
                .append("\",\"clientMsgId\":\"")
                .append(runId)
                .append('.')
                .append(tag)
                .append('.')
                .append(i)
                .append("\",\"body\":\"")
                .append(tag)
                .append(':')
                .append(i)
                .append(':')
                .append(due)
                .append("\"}")
                .toString();
    }
}
