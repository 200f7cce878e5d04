package im.presence.session;

import java.sql.Array;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The PostgreSQL level of presence: whether a user was online at their last transition and when.
 * Written on transitions only (first session opened, last session closed), not on every event, and a
 * batch of transitions in one statement.
 */
@Component
class LastSeenStore {

    private final JdbcTemplate jdbc;

    LastSeenStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the users that went online and offline; a user is in at most one of the two. */
    void save(Map<String, Instant> wentOnline, Map<String, Instant> wentOffline) {
        // Sorted by user: two presence instances upserting overlapping users lock rows in one order.
        Map<String, Boolean> online = new TreeMap<>();
        Map<String, Instant> at = new TreeMap<>();
        wentOnline.forEach((u, t) -> {
            online.put(u, true);
            at.put(u, t);
        });
        wentOffline.forEach((u, t) -> {
            online.put(u, false);
            at.put(u, t);
        });
        if (online.isEmpty()) {
            return;
        }
        String[] users = online.keySet().toArray(String[]::new);
        Boolean[] flags = online.values().toArray(Boolean[]::new);
        Timestamp[] times = at.values().stream().map(Timestamp::from).toArray(Timestamp[]::new);
        jdbc.execute((java.sql.Connection c) -> {
            Array u = c.createArrayOf("text", users);
            Array o = c.createArrayOf("boolean", flags);
            Array t = c.createArrayOf("timestamptz", times);
            try (var ps = c.prepareStatement("""
                    INSERT INTO presence.user_presence (user_id, online, last_seen)
                    SELECT * FROM unnest(?::text[], ?::boolean[], ?::timestamptz[])
                    ON CONFLICT (user_id) DO UPDATE SET online = EXCLUDED.online,
                        last_seen = GREATEST(presence.user_presence.last_seen, EXCLUDED.last_seen)
                    """)) {
                ps.setArray(1, u);
                ps.setArray(2, o);
                ps.setArray(3, t);
                return ps.executeUpdate();
            }
        });
    }
}
