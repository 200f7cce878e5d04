package im.load.ws;

/**
 * The fields of a server frame that the load tool reads; everything else is skipped unparsed. One
 * instance per event-loop thread is reused for every frame, so a listener must copy what it keeps.
 */
public final class Frame {

    public String type;
    public String conv;
    public long seq;
    public String clientMsgId;
    public String body;
    public long sentAt;
    public long storedAt;
    public String node;
    public String url;
    public String code;
    public long heartbeatMillis;

    void reset() {
        type = conv = clientMsgId = body = node = url = code = null;
        seq = sentAt = storedAt = heartbeatMillis = -1;
    }

    public boolean is(String t) {
        return t.equals(type);
    }
}
