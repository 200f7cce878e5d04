package im.gateway.group;

import im.contracts.group.GroupMemberEvent;
import im.gateway.GatewayProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Table 3: per group, its members who are online on this node. A group message arrives here once
 * (one record per node) and is fanned out from this table.
 *
 * <p>Three sources keep it, each carrying the group's membership version, so that a late answer never
 * undoes a newer one: a user's groups, loaded when their first session opens here ({@link #loaded});
 * the change events of group-service ({@link #apply}), in version order per group; and a reload of a
 * group's members when a message names a version this node has not reached ({@link #ensure}). For each
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
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final GroupDirectory directory;
    private final Duration eventWait;
    private final Counter reloads;

    LocalGroups(GroupDirectory directory, GatewayProperties properties, MeterRegistry registry) {
        this.directory = directory;
        this.eventWait = properties.groups().eventWait();
        this.reloads = Counter.builder("im.gateway.group.reloads")
                .description("Groups whose members this node reloaded because change events lagged")
                .register(registry);
        Gauge.builder("im.gateway.group.tracked", groups, Map::size)
                .description("Groups this node tracks (table 3)")
                .register(registry);
    }

    /** {@code userId}'s first session opened here. Their groups are loaded by {@link #loaded}. */
    void arrived(String userId) {
        localUsers.add(userId);
    }

    /** {@code userId}'s groups as group-service answered, after {@link #arrived}. */
    void loaded(String userId, List<GroupDirectory.Row> rows) {
        for (GroupDirectory.Row r : rows) {
            observe(r.groupId().toString(), userId, true, r.groupVersion());
        }
    }

    /** {@code userId}'s last session here closed: they leave every group's local list. */
    void left(String userId) {
        localUsers.remove(userId);
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
                            // table 2), ensure() loads it afresh.
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
        synchronized (group) {
            if (e.version() > group.applied) {
                group.applied = e.version();
                group.notifyAll();
            }
        }
    }

    /**
     * Makes the table of {@code groupId} at least as recent as {@code version}: waits up to
     * {@code im.gateway.groups.event-wait} for the change events, then reloads the group's members
     * from group-service. A group this node never saw is loaded at once.
     */
    public void ensure(String groupId, long version) {
        Group group = groups.computeIfAbsent(groupId, k -> new Group());
        synchronized (group) {
            if (group.applied >= version) {
                return;
            }
            if (group.applied >= 0) {
                long deadline = System.nanoTime() + eventWait.toNanos();
                try {
                    for (long left = eventWait.toNanos(); group.applied < version && left > 0; ) {
                        java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(group, left);
                        left = deadline - System.nanoTime();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (group.applied >= version) {
                    return;
                }
            }
        }
        reload(groupId);
    }

    private void reload(String groupId) {
        reloads.increment();
        List<GroupDirectory.Row> rows;
        try {
            rows = directory.members(groupId);
        } catch (RuntimeException e) {
            // Delivery goes on with what the table has; the members not reached get it by sync.
            log.warn("could not reload the members of group {}: {}", groupId, e.toString());
            return;
        }
        long first = rows.isEmpty() ? 0 : rows.get(0).groupVersion();
        Set<String> members = ConcurrentHashMap.newKeySet();
        for (GroupDirectory.Row r : rows) {
            members.add(r.userId());
            if (localUsers.contains(r.userId())) {
                observe(groupId, r.userId(), true, r.groupVersion());
            }
        }
        for (String u : localUsers) {
            if (!members.contains(u)) {
                observe(groupId, u, false, first);
            }
        }
        Group group = groups.computeIfAbsent(groupId, k -> new Group());
        synchronized (group) {
            group.applied = Math.max(group.applied, first);
            group.notifyAll();
        }
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

    /** Marks {@code changed} for the next table 2 write (a failed write, the periodic rewrite). */
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
