package im.routing.message.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Group membership as group-service stored it ({@code groups} schema, read-only here, the way routing
 * reads presence's block lists). Read uncached, inside the pipeline's transaction, so a membership
 * change that returned before a send is seen by that send.
 */
@Repository
public class GroupMembers {

    /** A (group, user) pair. */
    public record Membership(String groupId, String userId) {}

    private final JdbcTemplate jdbc;

    GroupMembers(JdbcTemplate jdbc) {
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
                ps.setArray(1, MessageStore.texts(c, List.copyOf(groups)));
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

    /** Which of {@code pairs} are memberships. */
    public Set<Membership> existing(List<Membership> pairs) {
        if (pairs.isEmpty()) {
            return Set.of();
        }
        return jdbc.execute((Connection c) -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "select m.group_id::text, m.user_id from groups.group_member m"
                            + " join unnest(?::uuid[], ?::text[]) as k(g, u) on m.group_id = k.g and m.user_id = k.u")) {
                ps.setArray(
                        1,
                        MessageStore.texts(
                                c, pairs.stream().map(Membership::groupId).toList()));
                ps.setArray(
                        2,
                        MessageStore.texts(
                                c, pairs.stream().map(Membership::userId).toList()));
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

    /** Whether {@code userId} is a member of {@code groupId} now. */
    public boolean isMember(String groupId, String userId) {
        return !existing(List.of(new Membership(groupId, userId))).isEmpty();
    }
}
