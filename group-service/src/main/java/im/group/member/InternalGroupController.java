package im.group.member;

import im.protocol.UserIds;
import im.web.management.ManagementApi;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
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
