package im.routing.message.store;

import im.contracts.message.Receipt;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Delivered cursors: per (user, device, conversation) the highest sequence number acknowledged. */
@Repository
public class CursorStore {

    private final JdbcTemplate jdbc;

    CursorStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Moves cursors forward, never back (a late or replayed receipt is harmless). Callers pass at most
     * one receipt per (user, device, conversation), the highest, so the statement touches each row once.
     */
    public void advance(Collection<Receipt> receipts) {
        if (receipts.isEmpty()) {
            return;
        }
        List<Receipt> sorted = receipts.stream()
                .sorted(java.util.Comparator.comparing(Receipt::userId)
                        .thenComparing(Receipt::device)
                        .thenComparing(Receipt::conversation))
                .toList();
        jdbc.execute((Connection c) -> {
            try (PreparedStatement ps =
                    c.prepareStatement("insert into routing.delivery_cursor as d (user_id, device, conv_id, seq)"
                            + " select * from unnest(?::text[], ?::text[], ?::text[], ?::bigint[])"
                            + " on conflict (user_id, device, conv_id) do update"
                            + " set seq = greatest(d.seq, excluded.seq), updated_at = now()")) {
                ps.setArray(
                        1,
                        MessageStore.texts(
                                c, sorted.stream().map(Receipt::userId).toList()));
                ps.setArray(
                        2,
                        MessageStore.texts(
                                c, sorted.stream().map(Receipt::device).toList()));
                ps.setArray(
                        3,
                        MessageStore.texts(
                                c, sorted.stream().map(Receipt::conversation).toList()));
                ps.setArray(
                        4,
                        MessageStore.longs(c, sorted.stream().map(Receipt::seq).toList()));
                return ps.executeUpdate();
            }
        });
    }

    /** The cursor of one device in one conversation (0 when it never acknowledged). */
    public long cursor(String userId, String device, String conversation) {
        List<Long> r = jdbc.queryForList(
                "select seq from routing.delivery_cursor where user_id = ? and device = ? and conv_id = ?",
                Long.class,
                userId,
                device,
                conversation);
        return r.isEmpty() ? 0 : r.get(0);
    }
}
