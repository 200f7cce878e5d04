package im.load.traffic;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The legs every stage measures, from the message's scheduled send time: to {@code accepted} at the
 * sender, to each delivery, to the last delivery of a message (groups), and the tool's own lag in
 * sending (scheduled → written; large values mean the load generator, not the server, fell behind).
 */
public final class Legs {

    public final Leg accepted = new Leg("accepted");
    public final Leg delivered = new Leg("delivered");
    public final Leg last = new Leg("last-delivery");
    public final Leg sendLag = new Leg("send-lag");

    public Map<String, Leg> all() {
        Map<String, Leg> m = new LinkedHashMap<>();
        for (Leg l : new Leg[] {accepted, delivered, last, sendLag}) {
            m.put(l.name(), l);
        }
        return m;
    }
}
