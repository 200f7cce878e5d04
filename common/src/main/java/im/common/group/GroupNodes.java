package im.common.group;

import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Table 2, the distribution of a group's online members over nodes: the Redis hash
 * {@code group:nodes:<groupId>}, field = gateway node id, value = how many of the group's members have
 * a session there. Each gateway writes only its own fields (absolute counts from its table of local
 * members, rewritten on every change and on each session snapshot); routing reads it to send one
 * record per node that has online members.
 */
public final class GroupNodes {

    private static final Logger log = LoggerFactory.getLogger(GroupNodes.class);
    private static final String PREFIX = "group:nodes:";

    private GroupNodes() {}

    /** The counts of {@code groupId} by node id, in node order; a field that is not a count is skipped (and logged). */
    public static SortedMap<String, Long> counts(StringRedisTemplate redis, String groupId) {
        SortedMap<String, Long> counts = new TreeMap<>();
        redis.<String, String>opsForHash().entries(key(groupId)).forEach((node, count) -> {
            try {
                counts.put(node, Long.parseLong(count));
            } catch (NumberFormatException e) {
                log.warn("{} field {} is not a count: '{}'", key(groupId), node, count);
            }
        });
        return counts;
    }

    /** The hash of {@code groupId}. */
    public static String key(String groupId) {
        return PREFIX + groupId;
    }

    /** The set of groups for which {@code node} has written a field (to clear them when it restarts). */
    public static String groupsOfNode(String node) {
        return "node:groups:" + node;
    }
}
