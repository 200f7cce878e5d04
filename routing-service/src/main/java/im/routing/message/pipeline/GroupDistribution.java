package im.routing.message.pipeline;

import im.common.group.GroupNodes;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/** Reads table 2: the nodes where a group has members online ({@link GroupNodes}). */
@Component
class GroupDistribution {

    private final StringRedisTemplate redis;

    GroupDistribution(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /**
     * The nodes of {@code members} (the current ring) with at least one online member of
     * {@code groupId}. A field of a node that left the ring is ignored: its sessions are gone, and it
     * clears its fields when it comes back.
     */
    Set<String> nodesOf(String groupId, Set<String> members) {
        Set<String> nodes = new LinkedHashSet<>();
        GroupNodes.counts(redis, groupId).forEach((node, count) -> {
            if (members.contains(node) && count > 0) {
                nodes.add(node);
            }
        });
        return nodes;
    }
}
