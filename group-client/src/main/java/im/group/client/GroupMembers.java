package im.group.client;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Group membership as group-service stores it ({@code groups} schema), read-only, for the message
 * path of another service. It is group-service's code: the statements change with group-service's
 * schema, in one commit. Reads are uncached and run on the caller's connection, so inside the
 * caller's transaction a membership change that returned before a send is seen by that send.
 *
 * <p>Thread-safe; each call blocks on one statement.
 */
public class GroupMembers {

    /** A (group, user) pair. */
    public record Membership(String groupId, String userId) {}

    private final JdbcTemplate jdbc;

    public GroupMembers(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The membership versions of {@code groups}; a group that does not exist is absent. */
    public Map<String, Long> versions(Set<String> groups) {
        if (groups.isEmpty()) {
            return Map.of();
        }
        return jdbc.execute((Connection c) -> {
            try (PreparedStatement ps =
                    c.prepareStatement("select id::text, version from groups.chat_group where id = any(?::uuid[])")) {
                ps.setArray(1, texts(c, List.copyOf(groups)));
                Map<String, Long> out = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getLong(2));
                    }
                }
                return out;
            }
        });
    }

    /** Which of {@code pairs} are memberships, with one statement for all of them. */
    public Set<Membership> existing(List<Membership> pairs) {
        if (pairs.isEmpty()) {
            return Set.of();
        }
        return jdbc.execute((Connection c) -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "select m.group_id::text, m.user_id from groups.group_member m"
                            + " join unnest(?::uuid[], ?::text[]) as k(g, u) on m.group_id = k.g and m.user_id = k.u")) {
                ps.setArray(1, texts(c, pairs.stream().map(Membership::groupId).toList()));
                ps.setArray(2, texts(c, pairs.stream().map(Membership::userId).toList()));
                Set<Membership> out = new HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Membership(rs.getString(1), rs.getString(2)));
                    }
                }
                return out;
            }
        });
    }

    /**
     * The members of {@code groupId} who joined within the last {@code window} (by the database's
     * clock, which stamped {@code joined_at}), oldest first.
     */
    public List<String> joinedWithin(String groupId, java.time.Duration window) {
        return jdbc.queryForList(
                "select user_id from groups.group_member where group_id = ?::uuid"
                        + " and joined_at > now() - ? * interval '1 millisecond' order by joined_at",
                String.class,
                groupId,
                window.toMillis());
    }

    /** Whether {@code userId} is a member of {@code groupId} now. */
    public boolean isMember(String groupId, String userId) {
        return !existing(List.of(new Membership(groupId, userId))).isEmpty();
    }

    /** The ids of the groups {@code userId} is a member of now (an index lookup by user). */
    public List<String> groupsOf(String userId) {
        return jdbc.queryForList(
                "select group_id::text from groups.group_member where user_id = ? order by group_id",
                String.class,
                userId);
    }

    private static Array texts(Connection c, List<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray());
    }
}
