package im.gateway.group;

import im.contracts.group.GroupNodes;
import im.gateway.GatewayProperties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Writes this node's part of the group distribution ({@link GroupNodes}): for each group whose local count changed,
 * the absolute count (or no field at zero). Absolute counts from the local members, not increments, so a lost or
 * repeated write is corrected by the next one; every session snapshot interval all of them are written
 * again, which rebuilds the table after Redis lost it. On its first run the node clears the fields an
 * earlier run of it left behind.
 */
@Component
class DistributionWriter {

    private static final Logger log = LoggerFactory.getLogger(DistributionWriter.class);

    private final LocalGroups table;
    private final StringRedisTemplate redis;
    private final String node;
    private final AtomicBoolean cleared = new AtomicBoolean();

    DistributionWriter(LocalGroups table, StringRedisTemplate redis, GatewayProperties properties) {
        this.table = table;
        this.redis = redis;
        this.node = properties.nodeId();
    }

    @Scheduled(fixedDelayString = "${im.gateway.groups.distribution-flush:100ms}")
    void flushChanged() {
        Set<String> changed = table.drainDirty();
        try {
            clearPreviousRun();
            if (!changed.isEmpty()) {
                write(changed);
            }
        } catch (DataAccessException e) {
            // Put them back: the next run retries, and the periodic rewrite repairs the rest.
            table.markDirty(changed);
            log.debug("group distribution write failed: {}", e.toString());
        }
    }

    @Scheduled(
            fixedDelayString = "${im.gateway.session-snapshot-interval:10s}",
            initialDelayString = "${im.gateway.session-snapshot-interval:10s}")
    void rewriteAll() {
        table.markDirty(table.withMembers());
    }

    private void clearPreviousRun() {
        if (cleared.get()) {
            return;
        }
        String mine = GroupNodes.groupsOfNode(node);
        Set<String> old = redis.opsForSet().members(mine);
        if (old != null) {
            for (String g : old) {
                if (table.count(g) == 0) {
                    redis.opsForHash().delete(GroupNodes.key(g), node);
                }
            }
        }
        redis.delete(mine);
        table.markDirty(table.withMembers());
        cleared.set(true);
    }

    private void write(Set<String> groups) {
        String mine = GroupNodes.groupsOfNode(node);
        redis.executePipelined(new SessionCallback<Object>() {
            @Override
            @SuppressWarnings("unchecked")
            public Object execute(RedisOperations operations) {
                RedisOperations<String, String> ops = operations;
                for (String g : groups) {
                    int count = table.count(g);
                    if (count > 0) {
                        ops.opsForHash().put(GroupNodes.key(g), node, Integer.toString(count));
                        ops.opsForSet().add(mine, g);
                    } else {
                        ops.opsForHash().delete(GroupNodes.key(g), node);
                        ops.opsForSet().remove(mine, g);
                    }
                }
                return null;
            }
        });
    }
}
