package im.group.member;

import im.contracts.group.GroupMemberEvent;
import im.group.GroupProperties;
import im.protocol.ErrorCode;
import im.protocol.ImException;
import im.protocol.Text;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Groups and their members, with the role rules of {@link Role}. Every membership change takes the
 * group row's lock first, so concurrent changes of one group apply one at a time and the member
 * count (and the {@code im.group.max-members} limit) stays exact.
 */
@Service
class GroupService {

    /** A group as the API shows it; {@code version} counts its membership changes. */
    record GroupView(UUID id, String name, String owner, int memberCount, long version) {}

    /**
     * A member as the API shows it, with the group's membership version read in the same statement
     * (gateways use it to order this answer against the change events they consume).
     */
    record MemberView(UUID groupId, String userId, Role role, long groupVersion) {}

    /** Longest group name, in characters (UTF-16 code units, as Java and JavaScript count). */
    static final int MAX_NAME = 200;

    private final GroupRepository groups;
    private final MemberRepository members;
    private final MemberEvents events;
    private final int maxMembers;
    private final Clock clock;

    GroupService(
            GroupRepository groups,
            MemberRepository members,
            MemberEvents events,
            GroupProperties properties,
            Clock clock) {
        this.groups = groups;
        this.members = members;
        this.events = events;
        this.maxMembers = properties.maxMembers();
        this.clock = clock;
    }

    @Transactional
    GroupView create(String actor, String name) {
        if (!Text.validName(name, MAX_NAME)) {
            throw new ImException(
                    ErrorCode.VALIDATION_FAILED,
                    "a group name is 1 to " + MAX_NAME + " characters, not blank, without control characters");
        }
        GroupEntity g = new GroupEntity(UUID.randomUUID(), name, actor, clock.instant());
        long version = g.changeMembers(1);
        groups.save(g);
        members.save(new MemberEntity(g.id(), actor, Role.OWNER, clock.instant()));
        flushAndPublish(List.of(event(g, actor, GroupMemberEvent.Change.ADDED, version)));
        return view(g);
    }

    /**
     * Refuses unless {@code userId} is a member of {@code groupId}: {@code forbidden} for a group they
     * are not in and for one that does not exist alike.
     */
    @Transactional(readOnly = true)
    void requireMember(UUID groupId, String userId) {
        if (!members.existsById(new MemberEntity.Key(groupId, userId))) {
            throw new ImException(ErrorCode.FORBIDDEN, "not a member of this group");
        }
    }

    @Transactional(readOnly = true)
    GroupView get(UUID id) {
        return view(groups.findById(id).orElseThrow(() -> notFound(id)));
    }

    /** Adds {@code userId} with {@code role}, or changes their role; idempotent. */
    @Transactional
    MemberView put(String actor, UUID groupId, String userId, Role role) {
        if (role == Role.OWNER) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "a group has one owner, its creator");
        }
        GroupEntity g = groups.lockById(groupId).orElseThrow(GroupService::notAMember);
        Role actorRole = roleOf(groupId, actor);
        var existing = members.findById(new MemberEntity.Key(groupId, userId));
        if (!actorRole.manages(role)
                || existing.map(m -> !actorRole.manages(m.role())).orElse(false)) {
            throw new ImException(
                    ErrorCode.FORBIDDEN, actor + " (" + actorRole + ") may not make " + userId + " " + role);
        }
        if (existing.isPresent()) {
            // A role change changes nobody's delivery: no new version, no event.
            existing.get().role(role);
            return new MemberView(groupId, userId, role, g.version());
        }
        if (g.memberCount() >= maxMembers) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "the group is full (" + maxMembers + " members)");
        }
        members.save(new MemberEntity(groupId, userId, role, clock.instant()));
        long version = g.changeMembers(1);
        flushAndPublish(List.of(event(g, userId, GroupMemberEvent.Change.ADDED, version)));
        return new MemberView(groupId, userId, role, version);
    }

    /**
     * Adds every one of {@code userIds} not yet in the group, with {@code role}, all or none (the
     * group's limit counts them together); existing members keep their role. Returns how many were added.
     */
    @Transactional
    int addAll(String actor, UUID groupId, List<String> userIds, Role role) {
        if (role == Role.OWNER) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "a group has one owner, its creator");
        }
        GroupEntity g = groups.lockById(groupId).orElseThrow(GroupService::notAMember);
        Role actorRole = roleOf(groupId, actor);
        if (!actorRole.manages(role)) {
            throw new ImException(ErrorCode.FORBIDDEN, actor + " (" + actorRole + ") may not add " + role + "s");
        }
        List<String> fresh = userIds.stream()
                .distinct()
                .filter(u -> !members.existsById(new MemberEntity.Key(groupId, u)))
                .toList();
        if (g.memberCount() + fresh.size() > maxMembers) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "the group would exceed " + maxMembers + " members");
        }
        List<GroupMemberEvent> changes = new ArrayList<>(fresh.size());
        for (String u : fresh) {
            members.save(new MemberEntity(groupId, u, role, clock.instant()));
            changes.add(event(g, u, GroupMemberEvent.Change.ADDED, g.changeMembers(1)));
        }
        flushAndPublish(changes);
        return fresh.size();
    }

    /** Removes {@code userId}: by the owner or an admin (within their rights), or by the member themself. */
    @Transactional
    void remove(String actor, UUID groupId, String userId) {
        GroupEntity g = groups.lockById(groupId).orElseThrow(GroupService::notAMember);
        var target = members.findById(new MemberEntity.Key(groupId, userId));
        boolean self = actor.equals(userId);
        // Whoever removes someone else must be a member with the right, even if the target is not there:
        // a non-member learns nothing about the group from the answer.
        Role actorRole = self ? null : roleOf(groupId, actor);
        if (target.isEmpty()) {
            return; // idempotent
        }
        Role targetRole = target.get().role();
        boolean leaving = self && targetRole != Role.OWNER;
        if (!leaving && (actorRole == null || !actorRole.manages(targetRole))) {
            throw new ImException(ErrorCode.FORBIDDEN, actor + " may not remove " + userId);
        }
        members.delete(target.get());
        long version = g.changeMembers(-1);
        flushAndPublish(List.of(event(g, userId, GroupMemberEvent.Change.REMOVED, version)));
    }

    @Transactional(readOnly = true)
    List<MemberView> members(UUID groupId, String afterUser, int limit) {
        groups.findById(groupId).orElseThrow(() -> notFound(groupId));
        return members.page(groupId, afterUser, Limit.of(limit)).stream()
                .map(GroupService::memberView)
                .toList();
    }

    @Transactional(readOnly = true)
    List<MemberView> groupsOf(String userId, UUID afterGroup, int limit) {
        return members.ofUser(userId, afterGroup, Limit.of(limit)).stream()
                .map(GroupService::memberView)
                .toList();
    }

    @Transactional(readOnly = true)
    List<MemberView> groupsOf(Collection<String> users, String afterUser, UUID afterGroup, int limit) {
        return members.ofUsers(users, afterUser, afterGroup, Limit.of(limit)).stream()
                .map(GroupService::memberView)
                .toList();
    }

    private Role roleOf(UUID groupId, String userId) {
        return members.findById(new MemberEntity.Key(groupId, userId))
                .map(MemberEntity::role)
                .orElseThrow(GroupService::notAMember);
    }

    /**
     * Writes the change to the database (so a constraint failure happens before anyone is told), then
     * publishes its events while the group row is still locked ({@link MemberEvents}).
     */
    private void flushAndPublish(List<GroupMemberEvent> changes) {
        members.flush();
        events.publish(changes);
    }

    private static GroupMemberEvent event(GroupEntity g, String userId, GroupMemberEvent.Change change, long v) {
        return new GroupMemberEvent(g.id().toString(), userId, change, v);
    }

    private static MemberView memberView(Object[] row) {
        return new MemberView((UUID) row[0], (String) row[1], (Role) row[2], (Long) row[3]);
    }

    private static GroupView view(GroupEntity g) {
        return new GroupView(g.id(), g.name(), g.ownerId(), g.memberCount(), g.version());
    }

    private static ImException notAMember() {
        return new ImException(ErrorCode.FORBIDDEN, "not a member of this group");
    }

    private static ImException notFound(UUID id) {
        return new ImException(ErrorCode.NOT_FOUND, "no group " + id);
    }
}
