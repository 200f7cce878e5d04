package im.common.group;

/**
 * Table 2, the distribution of a group's online members over nodes: the Redis hash
 * {@code group:nodes:<groupId>}, field = gateway node id, value = how many of the group's members have
 * a session there. Each gateway writes only its own fields (absolute counts from its table of local
 * members, rewritten on every change and on each session snapshot); routing reads it to send one
 * record per node that has online members.
 */
public final class GroupNodes {

    private static final String PREFIX = "group:nodes:";

    private GroupNodes() {}

    /** The hash of {@code groupId}. */
    public static String key(String groupId) {
        return PREFIX + groupId;
    }

    /** The set of groups for which {@code node} has written a field (to clear them when it restarts). */
    public static String groupsOfNode(String node) {
        return "node:groups:" + node;
    }
}
