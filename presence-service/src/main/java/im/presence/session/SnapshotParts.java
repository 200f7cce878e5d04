package im.presence.session;

import im.contracts.presence.SessionEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the parts of each node's snapshot (they arrive in order: one node's parts share its key's
 * partition). A part of a newer snapshot drops an unfinished older one; a snapshot is handed over only
 * whole, since reconciling half a list would end the sessions of the other half.
 */
final class SnapshotParts {

    private record Pending(String snapshotId, int parts, List<SessionEvent.UserSession> sessions, int next) {}

    private final Map<String, Pending> byNode = new HashMap<>();

    /** Adds a part; answers every session of the snapshot once its last part came, else null. */
    List<SessionEvent.UserSession> add(SessionEvent part) {
        int parts = part.partCount();
        if (parts == 1) {
            byNode.remove(part.node());
            return part.sessions();
        }
        Pending p = byNode.get(part.node());
        if (p == null || !p.snapshotId().equals(part.snapshotId())) {
            if (part.part() != 0) {
                return null; // joined in the middle of a snapshot: wait for the next one
            }
            p = new Pending(part.snapshotId(), parts, new ArrayList<>(), 0);
        }
        if (part.part() != p.next()) {
            byNode.remove(part.node()); // a part was lost: this snapshot cannot be trusted
            return null;
        }
        p.sessions().addAll(part.sessions());
        if (part.part() + 1 == p.parts()) {
            byNode.remove(part.node());
            return p.sessions();
        }
        byNode.put(part.node(), new Pending(p.snapshotId(), p.parts(), p.sessions(), p.next() + 1));
        return null;
    }
}
