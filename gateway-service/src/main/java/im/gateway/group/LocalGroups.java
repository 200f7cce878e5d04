package im.gateway.group;

import im.contracts.group.GroupMemberEvent;
import im.gateway.GatewayProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The local members: per group, its members who are online on this node. A group message arrives here
 * once (one record per node) and is fanned out from this table ({@link GroupFanout}).
 *
 * <p>Three sources keep it, each carrying the group's membership version, so that a late answer never
 * undoes a newer one: a user's groups, loaded when their first session opens here ({@link #loaded});
 * the change events of group-service ({@link #apply}), in version order per group; and a reload of a
 * group's members when a message names a version this node has not reached ({@link #reload}). For each
 * (group, local user) the table keeps the version its answer came from and only takes a newer or equal one.
 *
 * <p>Ordering hazard, session open vs. events: a user is marked local <em>before</em> their groups are
 * loaded, so an event about them that arrives meanwhile is kept, and the load, if older, does not undo it.
 */
@Component
public class LocalGroups {

    private static final Logger log = LoggerFactory.getLogger(LocalGroups.class);

    /** What this node knows of one (group, local user): member or not, as of {@code version}. */
    private record Known(boolean member, long version) {}

    /** One group here. Guarded by its own monitor; waiters for a version wait on it. */
    private static final class Group {
        /** Highest membership version seen in an event or a reload: the table is complete up to it. */
        long applied = -1;

        final Map<String, Known> local = new ConcurrentHashMap<>();
    }

    private final Map<String, Group> groups = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> groupsOfUser = new ConcurrentHashMap<>();
    private final Set<String> localUsers = ConcurrentHashMap.newKeySet();
    /** Local users whose groups are being loaded: a reload must record them as non-members too. */
    private final Set<String> loading = ConcurrentHashMap.newKeySet();

    private volatile java.util.function.Consumer<String> onApplied = g -> {};
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final GroupDirectory directory;
    private final Counter reloads;

    LocalGroups(GroupDirectory directory, GatewayProperties properties, MeterRegistry registry) {
        this.directory = directory;
        this.reloads = Counter.builder("im.gateway.group.reloads")
                .description("Groups whose members this node reloaded because change events lagged")
                .register(registry);
        Gauge.builder("im.gateway.group.tracked", groups, Map::size)
                .description("Groups this node tracks (its table of local members)")
                .register(registry);
    }

    /** {@code userId}'s first session opened here. Their groups are loaded by {@link #loaded}. */
    void arrived(String userId) {
        loading.add(userId);
        localUsers.add(userId);
    }

    /** {@code userId}'s groups as group-service answered, after {@link #arrived}. */
    void loaded(String userId, List<GroupDirectory.Row> rows) {
        for (GroupDirectory.Row r : rows) {
            observe(r.groupId().toString(), userId, true, r.groupVersion());
        }
        loading.remove(userId);
    }

    /** The load of {@code userId}'s groups gave up: they get group messages by sync. */
    void loadFailed(String userId) {
        loading.remove(userId);
    }

    /** {@code userId}'s last session here closed: they leave every group's local list. */
    void left(String userId) {
        localUsers.remove(userId);
        loading.remove(userId);
        Set<String> theirs = groupsOfUser.remove(userId);
        if (theirs != null) {
            for (String g : theirs) {
                Group group = groups.get(g);
                if (group != null) {
                    synchronized (group) {
                        group.local.remove(userId);
                        if (group.local.isEmpty()) {
                            // Nobody here is in it any more: forget it, so the table stays bounded by
                            // the groups of this node's users. If a message for it still comes (a stale
                            // distribution), it is loaded afresh.
                            groups.remove(g, group);
                        }
                    }
                    dirty.add(g);
                }
            }
        }
    }

    /**
     * A change event. A group with no local user is not tracked here (every gateway reads every event;
     * keeping them all would grow without bound): nothing on this node waits for its version.
     */
    void apply(GroupMemberEvent e) {
        boolean local = localUsers.contains(e.userId());
        if (local) {
            observe(e.groupId(), e.userId(), e.change() == GroupMemberEvent.Change.ADDED, e.version());
        }
        Group group = local ? groups.computeIfAbsent(e.groupId(), k -> new Group()) : groups.get(e.groupId());
        if (group == null) {
            return;
        }
        boolean raised = false;
        synchronized (group) {
            if (e.version() > group.applied) {
                group.applied = e.version();
                raised = true;
            }
        }
        if (raised) {
            onApplied.accept(e.groupId());
        }
    }

    /** Called (on the event consumer's thread) when a group's table reached a newer version. */
    void onApplied(java.util.function.Consumer<String> listener) {
        this.onApplied = listener;
    }

    /** Whether this node has the group's table at all (a group it never saw has no events to wait for). */
    boolean known(String groupId) {
        Group group = groups.get(groupId);
        if (group == null) {
            return false;
        }
        synchronized (group) {
            return group.applied >= 0;
        }
    }

    /** Whether the table of {@code groupId} is at least as recent as {@code version} (false if never seen). */
    boolean reached(String groupId, long version) {
        Group group = groups.get(groupId);
        if (group == null) {
            return false;
        }
        synchronized (group) {
            return group.applied >= version && group.applied >= 0;
        }
    }

    /**
     * Reads the group's members from group-service (blocking: call it off the delivery threads) and
     * brings the table to that answer's version. False when group-service could not answer: delivery
     * then goes on with what the table has, and members not reached get the message by sync.
     */
    boolean reload(String groupId) {
        reloads.increment();
        List<GroupDirectory.Row> rows;
        try {
            rows = directory.members(groupId);
        } catch (RuntimeException e) {
            // Delivery goes on with what the table has; the members not reached get it by sync.
            log.warn("could not reload the members of group {}: {}", groupId, e.toString());
            return false;
        }
        long first = rows.isEmpty() ? 0 : rows.get(0).groupVersion();
        Set<String> members = ConcurrentHashMap.newKeySet();
        for (GroupDirectory.Row r : rows) {
            members.add(r.userId());
            if (localUsers.contains(r.userId())) {
                observe(groupId, r.userId(), true, r.groupVersion());
            }
        }
        // Not-a-member is recorded only for who needs it: local users the table lists in this group,
        // and users whose login load is in flight (an older answer of it must not add them back).
        // Every other local user is simply absent, so a reload does not make the node track the group
        // for all its users.
        Group group = groups.computeIfAbsent(groupId, k -> new Group());
        Set<String> concerned = new java.util.HashSet<>(group.local.keySet());
        concerned.addAll(loading);
        for (String u : concerned) {
            if (!members.contains(u)) {
                observe(groupId, u, false, first);
            }
        }
        synchronized (group) {
            group.applied = Math.max(group.applied, first);
        }
        return true;
    }

    private void observe(String groupId, String userId, boolean member, long version) {
        Group group = groups.computeIfAbsent(groupId, k -> new Group());
        boolean changed;
        synchronized (group) {
            if (!localUsers.contains(userId)) {
                return; // left meanwhile
            }
            Known before = group.local.get(userId);
            if (before != null && version < before.version()) {
                return; // an older answer than the one we have
            }
            group.local.put(userId, new Known(member, version));
            changed = before == null || before.member() != member;
            groupsOfUser
                    .computeIfAbsent(userId, k -> ConcurrentHashMap.newKeySet())
                    .add(groupId);
        }
        if (!localUsers.contains(userId)) {
            // left() ran between the check and the index update: undo, or the entry would outlive them.
            synchronized (group) {
                group.local.remove(userId);
            }
        }
        if (changed) {
            dirty.add(groupId);
        }
    }

    /** The local members of {@code groupId}, for a fan-out. */
    public List<String> members(String groupId) {
        Group group = groups.get(groupId);
        if (group == null) {
            return List.of();
        }
        return group.local.entrySet().stream()
                .filter(e -> e.getValue().member())
                .map(Map.Entry::getKey)
                .toList();
    }

    /** How many groups this node tracks. */
    int tracked() {
        return groups.size();
    }

    /** How many members of {@code groupId} are online here. */
    int count(String groupId) {
        Group group = groups.get(groupId);
        return group == null
                ? 0
                : (int) group.local.values().stream().filter(Known::member).count();
    }

    /** Groups whose local count may have changed since the last call, cleared by this call. */
    Set<String> drainDirty() {
        Set<String> out = Set.copyOf(dirty);
        dirty.removeAll(out);
        return out;
    }

    /** Marks {@code changed} for the next distribution write (a failed write, the periodic rewrite). */
    void markDirty(Set<String> changed) {
        dirty.addAll(changed);
    }

    /** Every group with at least one local member. */
    Set<String> withMembers() {
        Set<String> out = new java.util.HashSet<>();
        groups.forEach((g, group) -> {
            if (group.local.values().stream().anyMatch(Known::member)) {
                out.add(g);
            }
        });
        return out;
    }
}
