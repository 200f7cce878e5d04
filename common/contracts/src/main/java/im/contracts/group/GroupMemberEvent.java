package im.contracts.group;

/**
 * A change of a group's membership, published by group-service on {@link #TOPIC} (keyed by group id)
 * while it still holds the group's row lock, so the events of one group are on one partition in
 * version order. Gateways apply them to their per-node table of local members.
 *
 * @param groupId the group (a UUID)
 * @param userId the member added or removed
 * @param change what happened to {@code userId}
 * @param version the group's membership version after this change: 1, 2, 3, ... per group
 */
public record GroupMemberEvent(String groupId, String userId, Change change, long version) {

    /** The topic of membership changes. */
    public static final String TOPIC = "im.group.member";

    /** Kinds of change. */
    public enum Change {
        ADDED,
        REMOVED
    }
}
