package im.group.member;

import im.protocol.ErrorCode;
import im.protocol.ImException;
import im.protocol.UserIds;
import im.web.management.ManagementApi;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Group-service's internal API (the services' token, on the management port): gateways load their
 * table of local members from it when a user arrives and when a group must be reloaded.
 */
@ManagementApi
class InternalGroupController {

    private final GroupService groups;

    InternalGroupController(GroupService groups) {
        this.groups = groups;
    }

    @GetMapping("/internal/groups/{groupId}/members")
    @Operation(summary = "A group's members by user id, paged, each row with the group's version")
    List<GroupService.MemberView> members(
            @PathVariable UUID groupId,
            @RequestParam(defaultValue = "") String afterUser,
            @RequestParam(defaultValue = "100") int limit) {
        return groups.members(groupId, afterUser, GroupController.checkLimit(limit));
    }

    /**
     * Several users at once: the users a gateway saw arrive since its last lookup (a connect storm
     * is thousands). Ordered by user then group; page on with the last row's user and group.
     *
     * @param users 1 to {@value #MAX_USERS} user ids
     * @param afterUser the cursor: the last row's user ("" for the first page)
     * @param afterGroup the cursor: the last row's group (absent for the first page)
     * @param limit rows per page, 1 to 1000
     */
    record UsersGroups(List<String> users, String afterUser, UUID afterGroup, Integer limit) {}

    static final int MAX_USERS = 1000;

    @PostMapping("/internal/users/groups")
    @Operation(summary = "Several users' groups in one request, paged, each row with the group's version")
    List<GroupService.MemberView> groupsOfUsers(@RequestBody UsersGroups request) {
        List<String> users = request.users();
        if (users == null || users.isEmpty() || users.size() > MAX_USERS) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "'users' lists 1 to " + MAX_USERS + " user ids");
        }
        users.forEach(UserIds::check);
        return groups.groupsOf(
                Set.copyOf(users),
                request.afterUser() == null ? "" : request.afterUser(),
                request.afterGroup() == null ? new UUID(0, 0) : request.afterGroup(),
                GroupController.checkLimit(request.limit() == null ? 100 : request.limit()));
    }

    @GetMapping("/internal/users/{userId}/groups")
    @Operation(summary = "A user's groups, paged, each row with the group's version")
    List<GroupService.MemberView> groupsOf(
            @PathVariable String userId,
            @RequestParam(required = false) UUID afterGroup,
            @RequestParam(defaultValue = "100") int limit) {
        return groups.groupsOf(
                UserIds.check(userId),
                afterGroup == null ? new UUID(0, 0) : afterGroup,
                GroupController.checkLimit(limit));
    }
}
