package im.routing.message.pipeline;

import im.group.client.GroupMembers;
import im.routing.group.GroupNodesReader;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The nodes a group message goes to: where the group has members online (the group distribution),
 * and where its newest members are.
 *
 * <p>Why the newest members: a gateway publishes a member in the distribution only after it consumed
 * the membership event (Kafka's fetch wait, then its flush: up to about a second after the REST call
 * that added them returned). A message sent meanwhile must still reach the added member's node, which
 * may hold no other member of the group; so the nodes of members who joined within {@link
 * #JOIN_WINDOW} are added from presence. Their gateway waits until its table has the membership
 * version the message carries before it fans out, so it pushes to them.
 */
@Component
class GroupDistribution {

    /** Well past the time a gateway takes to apply a membership event and flush the distribution. */
    static final Duration JOIN_WINDOW = Duration.ofSeconds(10);

    private final GroupNodesReader reader;
    private final GroupMembers members;
    private final UserNodes users;

    GroupDistribution(GroupNodesReader reader, GroupMembers members, UserNodes users) {
        this.reader = reader;
        this.members = members;
        this.users = users;
    }

    /**
     * The nodes of {@code ring} (the current ring's nodes) with at least one online member of {@code
     * groupId}, or a member who joined within the window. A field of a node that left the ring is
     * ignored: its sessions are gone, and it clears its fields when it comes back.
     */
    Set<String> nodesOf(String groupId, Set<String> ring) {
        Set<String> nodes = new LinkedHashSet<>();
        reader.counts(groupId).forEach((node, count) -> {
            if (ring.contains(node) && count > 0) {
                nodes.add(node);
            }
        });
        for (String user : members.joinedWithin(groupId, JOIN_WINDOW)) {
            for (String node : users.of(user)) {
                if (ring.contains(node)) {
                    nodes.add(node);
                }
            }
        }
        return nodes;
    }
}
