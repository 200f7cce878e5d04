package im.group.member;

import im.protocol.ErrorCode;
import im.protocol.ImException;
import im.protocol.UserIds;
import im.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Groups over REST, for clients. The caller comes from their user token ({@link Caller}); the role
 * rules of {@link Role} decide what they may change, and only members read a group. A group the
 * caller is not in and a group that does not exist get the same answer, {@code forbidden}, so that
 * nobody learns which groups exist.
 */
@RestController
@Tag(name = "groups", description = "Groups, members and roles")
class GroupController {

    static final int MAX_PAGE = 1000;
    static final int MAX_BATCH = 1000;

    /** Body of a create. */
    record CreateGroup(String name) {}

    /** Body of a batch add. */
    record AddMembers(List<String> users, Role role) {}

    /** Answer of a batch add: how many were not members before. */
    record AddedMembers(int added) {}

    private final GroupService groups;

    GroupController(GroupService groups) {
        this.groups = groups;
    }

    @PostMapping("/groups")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a group; the caller becomes its owner")
    GroupService.GroupView create(Caller caller, @RequestBody CreateGroup body) {
        return groups.create(caller.userId(), body.name());
    }

    @GetMapping("/groups/{groupId}")
    @Operation(summary = "A group the caller is a member of")
    GroupService.GroupView get(Caller caller, @PathVariable UUID groupId) {
        groups.requireMember(groupId, caller.userId());
        return groups.get(groupId);
    }

    @PutMapping("/groups/{groupId}/members/{userId}")
    @Operation(summary = "Add a member or change their role (owner: admins and members; admin: members)")
    GroupService.MemberView put(
            Caller caller,
            @PathVariable UUID groupId,
            @PathVariable String userId,
            @RequestParam(defaultValue = "MEMBER") Role role) {
        return groups.put(caller.userId(), groupId, UserIds.check(userId), role);
    }

    @PostMapping("/groups/{groupId}/members")
    @Operation(
            summary = "Add up to " + MAX_BATCH + " members at once, all or none; existing members are kept as they are")
    AddedMembers addAll(Caller caller, @PathVariable UUID groupId, @RequestBody AddMembers body) {
        if (body.users() == null || body.users().isEmpty() || body.users().size() > MAX_BATCH) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "'users' lists 1 to " + MAX_BATCH + " user ids");
        }
        List<String> users = body.users().stream().map(UserIds::check).toList();
        Role role = body.role() == null ? Role.MEMBER : body.role();
        return new AddedMembers(groups.addAll(caller.userId(), groupId, users, role));
    }

    @DeleteMapping("/groups/{groupId}/members/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove a member (owner, admin within their rights, or the member leaving)")
    void remove(Caller caller, @PathVariable UUID groupId, @PathVariable String userId) {
        groups.remove(caller.userId(), groupId, UserIds.check(userId));
    }

    @GetMapping("/groups/{groupId}/members")
    @Operation(summary = "Members by user id, paged (afterUser = the last id of the previous page); members only")
    List<GroupService.MemberView> members(
            Caller caller,
            @PathVariable UUID groupId,
            @RequestParam(defaultValue = "") String afterUser,
            @RequestParam(defaultValue = "100") int limit) {
        groups.requireMember(groupId, caller.userId());
        return groups.members(groupId, afterUser, checkLimit(limit));
    }

    @GetMapping("/me/groups")
    @Operation(summary = "The caller's groups, paged (afterGroup = the last id of the previous page)")
    List<GroupService.MemberView> mine(
            Caller caller,
            @RequestParam(required = false) UUID afterGroup,
            @RequestParam(defaultValue = "100") int limit) {
        return groups.groupsOf(caller.userId(), afterGroup == null ? new UUID(0, 0) : afterGroup, checkLimit(limit));
    }

    static int checkLimit(int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "limit must be 1 to " + MAX_PAGE);
        }
        return limit;
    }
}
