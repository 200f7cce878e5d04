package im.routing.group;

import im.cluster.RingHolder;
import im.ring.Ring;
import im.web.management.ManagementApi;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * A group's distribution over the gateway nodes (the group distribution): the Redis hash {@code
 * group:nodes:<groupId>}, field = node id, value = that node's count of online members, kept by the
 * gateways. Read-only here; a group message goes to each node whose count is above 0.
 */
@ManagementApi
@RequestMapping("/admin")
@Tag(name = "groups", description = "Group distribution over gateway nodes")
class GroupNodesAdminController {

    private final GroupNodesReader reader;
    private final RingHolder ring;

    GroupNodesAdminController(GroupNodesReader reader, RingHolder ring) {
        this.reader = reader;
        this.ring = ring;
    }

    @GetMapping("/groups/{groupId}/nodes")
    @Operation(
            summary = "A group's online members per gateway node",
            description = "nodes: node id -> online members there (the hash group:nodes:<groupId> as the"
                    + " gateways keep it; empty when no member is online or the group does not exist);"
                    + " total: their sum; notOnRing: nodes listed with a count above 0 that are not on this"
                    + " service's ring (a stale field, e.g. of a node that died and whose fields were not"
                    + " yet removed).")
    GroupDistribution nodes(@Parameter(description = "group id (UUID)") @PathVariable UUID groupId) {
        SortedMap<String, Long> nodes = reader.counts(groupId.toString());
        Ring current = ring.current().ring();
        List<String> notOnRing = nodes.entrySet().stream()
                .filter(e -> e.getValue() > 0 && current.weight(e.getKey()) == 0)
                .map(Map.Entry::getKey)
                .toList();
        long total = nodes.values().stream().mapToLong(Long::longValue).sum();
        return new GroupDistribution(groupId.toString(), nodes, total, notOnRing);
    }

    /** The answer: {@code nodes} is ordered by node id. */
    record GroupDistribution(String groupId, SortedMap<String, Long> nodes, long total, List<String> notOnRing) {}
}
