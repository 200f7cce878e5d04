package im.routing.group;

import im.common.cluster.RingHolder;
import im.common.ring.Ring;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A group's distribution over the gateway nodes (BRIEF table 2): the Redis hash {@code
 * group:nodes:<groupId>}, field = node id, value = that node's count of online members, kept by the
 * gateways. Read-only here; a group message goes to each node whose count is above 0.
 */
@RestController
@RequestMapping("/admin")
@Tag(name = "groups", description = "Group distribution over gateway nodes")
class GroupNodesAdminController {

    private static final Logger log = LoggerFactory.getLogger(GroupNodesAdminController.class);

    private final StringRedisTemplate redis;
    private final RingHolder ring;

    GroupNodesAdminController(StringRedisTemplate redis, RingHolder ring) {
        this.redis = redis;
        this.ring = ring;
    }

    /** The Redis hash of a group's online members per node. */
    static String key(UUID groupId) {
        return im.common.group.GroupNodes.key(groupId.toString());
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
        Map<Object, Object> hash = redis.opsForHash().entries(key(groupId));
        SortedMap<String, Long> nodes = new TreeMap<>();
        hash.forEach((node, count) -> {
            try {
                nodes.put((String) node, Long.parseLong((String) count));
            } catch (NumberFormatException e) {
                log.warn("{} field {} is not a count: '{}'", key(groupId), node, count);
            }
        });
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
