package im.cluster;

import java.util.Map;
import java.util.Set;

/**
 * One observed change of the member set.
 *
 * @param members the full member set after the change, by id
 * @param joined ids that appeared
 * @param left ids that disappeared
 * @param reason what revealed it (e.g. "keyspace expiry", "poll", "watch", "leave announced")
 */
public record MembershipChange(Map<String, Member> members, Set<String> joined, Set<String> left, String reason) {

    /** Whether anything changed. */
    public boolean isEmpty() {
        return joined.isEmpty() && left.isEmpty();
    }
}
