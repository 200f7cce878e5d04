package im.routing.message.pipeline;

import im.routing.group.GroupNodesReader;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.stereotype.Component;

/** The nodes where a group has members online, from the group distribution. */
@Component
class GroupDistribution {

    private final GroupNodesReader reader;

    GroupDistribution(GroupNodesReader reader) {
        this.reader = reader;
    }

    /**
     * The nodes of {@code members} (the current ring) with at least one online member of
     * {@code groupId}. A field of a node that left the ring is ignored: its sessions are gone, and it
     * clears its fields when it comes back.
     */
    Set<String> nodesOf(String groupId, Set<String> members) {
        Set<String> nodes = new LinkedHashSet<>();
        reader.counts(groupId).forEach((node, count) -> {
            if (members.contains(node) && count > 0) {
                nodes.add(node);
            }
        });
        return nodes;
    }
}
