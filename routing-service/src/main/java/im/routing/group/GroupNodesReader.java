package im.routing.group;

import im.contracts.group.GroupNodes;
import java.util.SortedMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/** Reads the group distribution ({@link GroupNodes}) for the pipeline's forwards and the admin view. */
@Component
public class GroupNodesReader {

    private static final Logger log = LoggerFactory.getLogger(GroupNodesReader.class);

    private final StringRedisTemplate redis;

    GroupNodesReader(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** The online-member counts of {@code groupId} by node id, in node order. */
    public SortedMap<String, Long> counts(String groupId) {
        String key = GroupNodes.key(groupId);
        return GroupNodes.counts(
                redis.<String, String>opsForHash().entries(key),
                (node, value) -> log.warn("{} field {} is not a count: '{}'", key, node, value));
    }
}
