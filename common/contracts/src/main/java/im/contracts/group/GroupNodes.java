package im.contracts.group;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The group distribution: for each group, how its online members are spread over the gateway nodes.
 * It is the Redis hash {@code group:nodes:<groupId>}, field = gateway node id, value = how many of the
 * group's members have a session there. Each gateway writes only its own fields (absolute counts from
 * its table of local members, rewritten on every change and on each session snapshot); routing reads
 * it to send one record per node that has online members.
 */
public final class GroupNodes {

    private static final String PREFIX = "group:nodes:";

    private GroupNodes() {}

    /**
     * The counts in {@code fields} (the hash as read) by node id, in node order. A field that is not a
     * count is skipped and handed to {@code unreadable}, so that the caller can log it.
     */
    public static SortedMap<String, Long> counts(Map<String, String> fields, BiConsumer<String, String> unreadable) {
        SortedMap<String, Long> counts = new TreeMap<>();
        fields.forEach((node, count) -> {
            try {
                counts.put(node, Long.parseLong(count));
            } catch (NumberFormatException e) {
                unreadable.accept(node, count);
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
