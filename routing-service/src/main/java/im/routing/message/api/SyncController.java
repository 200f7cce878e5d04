package im.routing.message.api;

import im.contracts.message.MessagePage;
import im.contracts.message.SyncState;
import im.group.client.GroupMembers;
import im.protocol.ConversationId;
import im.protocol.ErrorCode;
import im.protocol.ImException;
import im.protocol.UserIds;
import im.routing.RoutingProperties;
import im.routing.message.store.MessageQueries;
import im.web.management.ManagementApi;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The stored messages, for gateways answering {@code sync}: the internal API (the services' token, on
 * the management port). Gateways check that the caller takes part in a direct conversation before
 * asking; for a group conversation they pass the caller as {@code member} and routing checks it.
 */
@ManagementApi
@Tag(name = "messages", description = "Stored messages and sync state")
class SyncController {

    private final MessageQueries queries;
    private final GroupMembers groups;
    private final int maxLimit;

    SyncController(MessageQueries queries, GroupMembers groups, RoutingProperties properties) {
        this.queries = queries;
        this.groups = groups;
        this.maxLimit = properties.pipeline().syncPageLimit();
    }

    @GetMapping("/internal/conversations/{conversation}/messages")
    @Operation(
            summary = "Messages of a conversation after a sequence number (or the newest before one), oldest"
                    + " first, paged",
            description = "after: the page starts past it; before (optional): the newest 'limit' messages below it"
                    + " instead, for scrolling back through history. A group conversation (g:<groupId>) needs"
                    + " 'member': the user asking, checked against the group's members now (forbidden"
                    + " otherwise). Members see the group's whole history. peerDelivered: for a direct"
                    + " conversation between 'member' and someone else, the highest seq any device of that other"
                    + " participant acknowledged; 0 otherwise.")
    MessagePage page(
            @PathVariable String conversation,
            @RequestParam(defaultValue = "0") long after,
            @RequestParam(required = false) Long before,
            @RequestParam(defaultValue = "100") int limit,
            @RequestParam(required = false) String member) {
        String peer = null;
        if (ConversationId.isGroup(conversation)) {
            String group = ConversationId.groupOf(conversation);
            if (member == null || !groups.isMember(group, UserIds.check(member))) {
                throw new ImException(ErrorCode.FORBIDDEN, "not a member of group " + group);
            }
        } else {
            peer = ConversationId.peer(conversation, member);
        }
        if (before != null) {
            return queries.pageBefore(conversation, before, checkLimit(limit), peer);
        }
        return queries.page(conversation, Math.max(0, after), checkLimit(limit), peer);
    }

    @GetMapping("/internal/users/{userId}/sync-state")
    @Operation(summary = "Conversations with messages past a device's delivered cursor")
    SyncState missing(
            @PathVariable String userId,
            @RequestParam(defaultValue = "default") String device,
            @RequestParam(defaultValue = "") String afterConv,
            @RequestParam(defaultValue = "100") int limit) {
        String user = UserIds.check(userId);
        return queries.missing(user, groups.groupsOf(user), device, afterConv, checkLimit(limit));
    }

    private int checkLimit(int limit) {
        if (limit < 1 || limit > maxLimit) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "limit must be 1 to " + maxLimit);
        }
        return limit;
    }
}
