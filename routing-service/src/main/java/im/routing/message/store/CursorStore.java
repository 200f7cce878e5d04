package im.routing.message.store;

import im.contracts.message.Receipt;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Delivered cursors: per (user, device, conversation) the highest sequence number acknowledged. */
@Repository
public class CursorStore {

    /** A user in one conversation, over all their devices. */
    public record UserConversation(String userId, String conversation) {}

    // The upsert, and the maxima of the watched pairs read on the statement's snapshot (before the upsert).
    private static final String ADVANCE = "with moved as ("
            + " insert into routing.delivery_cursor as d (user_id, device, conv_id, seq)"
            + " select * from unnest(?::text[], ?::text[], ?::text[], ?::bigint[])"
            + " on conflict (user_id, device, conv_id) do update"
            + " set seq = greatest(d.seq, excluded.seq), updated_at = now())"
            + " select w.u, w.c, coalesce((select max(d.seq) from routing.delivery_cursor d"
            + " where d.conv_id = w.c and d.user_id = w.u), 0)"
            + " from unnest(?::text[], ?::text[]) as w(u, c)";

    private final JdbcTemplate jdbc;

    CursorStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Moves cursors forward, never back (a late or replayed receipt is harmless), and returns, for each
     * of {@code watched}, the highest cursor over all the user's devices in that conversation as it was
     * before this call (0 when none). Callers pass at most one receipt per (user, device, conversation),
     * the highest, so the statement touches each row once.
     *
     * <p>One statement: its read sees the snapshot taken before its own upsert (PostgreSQL runs a
     * data-modifying {@code WITH} and the main query on one snapshot), so the caller can tell which
     * maxima this batch raised. That holds while one consumer at a time handles a user's receipts
     * ({@code im.receipt} is keyed by user).
     */
    public Map<UserConversation, Long> advance(Collection<Receipt> receipts, Collection<UserConversation> watched) {
        if (receipts.isEmpty()) {
            return Map.of();
        }
        List<Receipt> sorted = receipts.stream()
                .sorted(Comparator.comparing(Receipt::userId)
                        .thenComparing(Receipt::device)
                        .thenComparing(Receipt::conversation))
                .toList();
        List<UserConversation> pairs = List.copyOf(watched);
        return jdbc.execute((Connection c) -> {
            try (PreparedStatement ps = c.prepareStatement(ADVANCE)) {
                ps.setArray(1, texts(c, sorted, Receipt::userId));
                ps.setArray(2, texts(c, sorted, Receipt::device));
                ps.setArray(3, texts(c, sorted, Receipt::conversation));
                ps.setArray(
                        4,
                        MessageStore.longs(c, sorted.stream().map(Receipt::seq).toList()));
                ps.setArray(5, texts(c, pairs, UserConversation::userId));
                ps.setArray(6, texts(c, pairs, UserConversation::conversation));
                Map<UserConversation, Long> before = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        before.put(new UserConversation(rs.getString(1), rs.getString(2)), rs.getLong(3));
                    }
                }
                return before;
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

    private static <T> Array texts(Connection c, List<T> rows, Function<T, String> column) throws SQLException {
        return MessageStore.texts(c, rows.stream().map(column).toList());
    }
}
