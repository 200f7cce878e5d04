package im.group.member;

import im.common.error.ErrorCode;
import im.common.error.ImException;
import im.group.GroupProperties;
import java.time.Clock;
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

    /** A group as the API shows it. */
    record GroupView(UUID id, String name, String owner, int memberCount) {}

    /** A member as the API shows it. */
    record MemberView(UUID groupId, String userId, Role role) {}

    private final GroupRepository groups;
    private final MemberRepository members;
    private final int maxMembers;
    private final Clock clock;

    GroupService(GroupRepository groups, MemberRepository members, GroupProperties properties, Clock clock) {
        this.groups = groups;
        this.members = members;
        this.maxMembers = properties.maxMembers();
        this.clock = clock;
    }

    @Transactional
    GroupView create(String actor, String name) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "a group name is 1 to 200 characters");
        }
        GroupEntity g = new GroupEntity(UUID.randomUUID(), name, actor, clock.instant());
        g.addToCount(1);
        groups.save(g);
        members.save(new MemberEntity(g.id(), actor, Role.OWNER, clock.instant()));
        return view(g);
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
        GroupEntity g = groups.lockById(groupId).orElseThrow(() -> notFound(groupId));
        Role actorRole = roleOf(groupId, actor);
        var existing = members.findById(new MemberEntity.Key(groupId, userId));
        if (!actorRole.manages(role)
                || existing.map(m -> !actorRole.manages(m.role())).orElse(false)) {
            throw new ImException(
                    ErrorCode.FORBIDDEN, actor + " (" + actorRole + ") may not make " + userId + " " + role);
        }
        if (existing.isPresent()) {
            existing.get().role(role);
            return new MemberView(groupId, userId, role);
        }
        if (g.memberCount() >= maxMembers) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "the group is full (" + maxMembers + " members)");
        }
        members.save(new MemberEntity(groupId, userId, role, clock.instant()));
        g.addToCount(1);
        return new MemberView(groupId, userId, role);
    }

    /** Removes {@code userId}: by the owner or an admin (within their rights), or by the member themself. */
    @Transactional
    void remove(String actor, UUID groupId, String userId) {
        GroupEntity g = groups.lockById(groupId).orElseThrow(() -> notFound(groupId));
        var target = members.findById(new MemberEntity.Key(groupId, userId));
        if (target.isEmpty()) {
            return; // idempotent
        }
        Role targetRole = target.get().role();
        boolean leaving = actor.equals(userId) && targetRole != Role.OWNER;
        if (!leaving && !roleOf(groupId, actor).manages(targetRole)) {
            throw new ImException(ErrorCode.FORBIDDEN, actor + " may not remove " + userId);
        }
        members.delete(target.get());
        g.addToCount(-1);
    }

    @Transactional(readOnly = true)
    List<MemberView> members(UUID groupId, String afterUser, int limit) {
        groups.findById(groupId).orElseThrow(() -> notFound(groupId));
        return members.page(groupId, afterUser, Limit.of(limit)).stream()
                .map(m -> new MemberView(m.groupId(), m.userId(), m.role()))
                .toList();
    }

    @Transactional(readOnly = true)
    List<MemberView> groupsOf(String userId, UUID afterGroup, int limit) {
        return members.ofUser(userId, afterGroup, Limit.of(limit)).stream()
                .map(m -> new MemberView(m.groupId(), m.userId(), m.role()))
                .toList();
    }

    private Role roleOf(UUID groupId, String userId) {
        return members.findById(new MemberEntity.Key(groupId, userId))
                .map(MemberEntity::role)
                .orElseThrow(() -> new ImException(ErrorCode.FORBIDDEN, userId + " is not a member"));
    }

    private static GroupView view(GroupEntity g) {
        return new GroupView(g.id(), g.name(), g.ownerId(), g.memberCount());
    }

    private static ImException notFound(UUID id) {
        return new ImException(ErrorCode.NOT_FOUND, "no group " + id);
    }
}
