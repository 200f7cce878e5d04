package im.presence.session;

import im.contracts.presence.SessionEvent;
import im.contracts.presence.UserPresence;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The writer of live presence. Every change goes to Redis (so a late reader finds it), is published
 * on {@code im:presence} (so caches refresh at once) and, for online/offline transitions, to
 * PostgreSQL (last seen survives Redis).
 *
 * <p>Events come in batches (one Kafka poll) and are applied a batch at a time with a handful of
 * pipelined Redis round trips and one PostgreSQL statement ({@link LiveSessions}), not a few round
 * trips per event: a gateway reporting a connect storm of thousands of users is absorbed in seconds.
 * Snapshots come in parts ({@link SnapshotParts}) and are reconciled once whole.
 *
 * <p>Threading: Kafka events and membership events (a dead gateway) touch the same users; methods are
 * synchronized, and each batch is read-modify-publish.
 */
@Component
public class SessionTracker {

    private static final Logger log = LoggerFactory.getLogger(SessionTracker.class);
    /** How long a closed session stays closed against late snapshots: far beyond any event lag. */
    static final Duration TOMBSTONE_TTL = Duration.ofMinutes(5);

    private final LiveSessions live;
    private final LastSeenStore lastSeen;
    private final SnapshotParts snapshots = new SnapshotParts();
    private final Clock clock;

    SessionTracker(LiveSessions live, LastSeenStore lastSeen, Clock clock) {
        this.live = live;
        this.lastSeen = lastSeen;
        this.clock = clock;
    }

    /** Applies one gateway event. */
    public void apply(SessionEvent e) {
        applyAll(List.of(e));
    }

    /** Applies gateway events in their order: opens and closes together, snapshots once whole. */
    public synchronized void applyAll(List<SessionEvent> events) {
        List<SessionEvent> changes = new ArrayList<>();
        for (SessionEvent e : events) {
            if (e.type() != SessionEvent.Type.SNAPSHOT) {
                changes.add(e);
                continue;
            }
            List<SessionEvent.UserSession> whole = snapshots.add(e);
            if (whole != null) {
                change(changes); // the snapshot is compared with what came before it
                changes.clear();
                reconcile(e.node(), whole, e.at());
            }
        }
        change(changes);
    }

    /** A gateway is gone (membership): all its sessions end now. */
    public synchronized void nodeGone(String node) {
        int ended = reconcile(node, List.of(), clock.instant());
        log.info("gateway {} left the cluster: {} sessions marked closed", node, ended);
    }

    /** Opens and closes: written in order, then each affected user's new status published once. */
    private void change(List<SessionEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        Map<String, Instant> lastClose = new HashMap<>();
        Map<String, Instant> firstOpen = new HashMap<>();
        for (SessionEvent e : events) {
            if (e.type() == SessionEvent.Type.CLOSED) {
                lastClose.put(e.userId(), e.at());
            } else {
                firstOpen.putIfAbsent(e.userId(), e.session().since());
            }
        }
        Set<String> users = new LinkedHashSet<>(lastClose.keySet());
        users.addAll(firstOpen.keySet());
        Map<String, UserPresence> before = live.read(users);
        live.write(events);
        Map<String, UserPresence> after = live.read(users);
        Map<String, Instant> wentOnline = new LinkedHashMap<>();
        Map<String, Instant> wentOffline = new LinkedHashMap<>();
        for (String u : users) {
            boolean was = before.get(u).online();
            boolean is = after.get(u).online();
            if (is && !was) {
                wentOnline.put(u, firstOpen.getOrDefault(u, clock.instant()));
            } else if (!is && lastClose.containsKey(u) && (was || firstOpen.containsKey(u))) {
                wentOffline.put(u, lastClose.get(u)); // offline after the batch: last seen at its last close
            }
        }
        live.recordLastSeen(wentOffline);
        // Only what changed is published: a duplicate close (the node's death handled first) says nothing new.
        List<UserPresence> changed = live.read(users).values().stream()
                .filter(p -> !p.equals(before.get(p.userId())))
                .toList();
        live.publish(changed);
        lastSeen.save(wentOnline, wentOffline);
    }

    /**
     * Makes Redis agree with {@code node}'s list of live sessions taken at {@code at}; returns how many
     * sessions ended.
     *
     * <p>Ordering hazards: snapshots are keyed by node and user events by user, so they travel on
     * different partitions and either may be read first. A listed session that was closed meanwhile is
     * not re-added (tombstone); an unlisted session opened after {@code at} is not closed.
     */
    private int reconcile(String node, List<SessionEvent.UserSession> sessions, Instant at) {
        Set<String> known = live.entriesOf(node);
        Set<String> listed = new HashSet<>();
        sessions.forEach(
                us -> listed.add(LiveSessions.entry(us.userId(), us.session().sessionId())));
        List<SessionEvent> repairs = new ArrayList<>(live.missing(sessions, known));
        List<SessionEvent> ends = live.notListed(node, known, listed, at);
        if (!repairs.isEmpty() || !ends.isEmpty()) {
            log.debug("snapshot of {}: {} sessions re-added, {} ended", node, repairs.size(), ends.size());
        }
        repairs.addAll(ends);
        change(repairs);
        return ends.size();
    }
}
