package im.presence.session;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The PostgreSQL level of presence: whether a user was online at their last transition and when.
 * Written on transitions only (first session opened, last session closed), not on every event.
 */
@Component
class LastSeenStore {

    private final JdbcTemplate jdbc;

    LastSeenStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void save(String userId, boolean online, Instant at) {
        jdbc.update("""
                INSERT INTO presence.user_presence (user_id, online, last_seen) VALUES (?, ?, ?)
                ON CONFLICT (user_id) DO UPDATE SET online = EXCLUDED.online,
                    last_seen = GREATEST(presence.user_presence.last_seen, EXCLUDED.last_seen)
                """, userId, online, Timestamp.from(at));
    }
}
