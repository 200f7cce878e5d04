package im.routing.message.store;

import im.contracts.message.ChatMessage;
import im.contracts.message.MessagePage;
import im.contracts.message.SyncState;
import im.protocol.ConversationId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The read side of the message store: conversation pages and what a device is missing. */
@Repository
public class MessageQueries {

    private final JdbcTemplate jdbc;

    MessageQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Up to {@code limit} messages of {@code conversation} after {@code afterSeq}, oldest first, with
     * the highest cursor over {@code peer}'s devices ({@code peer} null: 0).
     */
    public MessagePage page(String conversation, long afterSeq, int limit, String peer) {
        List<ChatMessage> rows = jdbc.query(
                "select " + MessageStore.COLUMNS
                        + " from routing.message where conv_id = ? and seq > ? order by seq limit ?",
                (rs, i) -> MessageStore.read(rs),
                conversation,
                afterSeq,
                limit + 1);
        boolean more = rows.size() > limit;
        return page(conversation, more ? rows.subList(0, limit) : rows, more, peer);
    }

    /**
     * The newest {@code limit} messages of {@code conversation} below {@code beforeSeq}, oldest first;
     * {@code more} tells whether older ones remain (scrolling back through history); {@code peer} as
     * for {@link #page}.
     */
    public MessagePage pageBefore(String conversation, long beforeSeq, int limit, String peer) {
        List<ChatMessage> rows = new java.util.ArrayList<>(jdbc.query(
                "select " + MessageStore.COLUMNS
                        + " from routing.message where conv_id = ? and seq < ? order by seq desc limit ?",
                (rs, i) -> MessageStore.read(rs),
                conversation,
                beforeSeq,
                limit + 1));
        boolean more = rows.size() > limit;
        List<ChatMessage> page = more ? rows.subList(0, limit) : rows;
        java.util.Collections.reverse(page);
        return page(conversation, List.copyOf(page), more, peer);
    }

    /** The page with the conversation's last sequence number and {@code peer}'s highest cursor, in one statement. */
    private MessagePage page(String conversation, List<ChatMessage> messages, boolean more, String peer) {
        // A null peer matches no cursor row: 0.
        List<long[]> head = jdbc.query(
                "select c.last_seq, coalesce((select max(d.seq) from routing.delivery_cursor d"
                        + " where d.conv_id = c.conv_id and d.user_id = ?), 0)"
                        + " from routing.conversation c where c.conv_id = ?",
                (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)},
                peer,
                conversation);
        long[] h = head.isEmpty() ? new long[2] : head.get(0);
        return new MessagePage(conversation, h[0], messages, more, h[1]);
    }

    /**
     * The conversations of {@code userId} (direct ones, and those of {@code groups}: the groups they are
     * in now, as group-service's client read them) with messages past {@code device}'s cursor, by id
     * after {@code afterConv}.
     */
    public SyncState missing(String userId, List<String> groups, String device, String afterConv, int limit) {
        List<String> groupConvs = groups.stream().map(ConversationId::group).toList();
        // Three index lookups (either side of a direct conversation, the user's groups) instead of one
        // OR over them, which PostgreSQL would answer with a scan of every conversation.
        List<SyncState.Entry> rows = jdbc.execute((Connection c) -> {
            try (PreparedStatement ps = c.prepareStatement("with mine as ("
                    + " select conv_id, last_seq from routing.conversation where user_a = ? and conv_id > ?"
                    + " union all select conv_id, last_seq from routing.conversation"
                    + " where user_b = ? and user_a <> ? and conv_id > ?"
                    + " union all select conv_id, last_seq from routing.conversation"
                    + " where conv_id = any(?::text[]) and conv_id > ?)"
                    + " select m.conv_id, m.last_seq, coalesce(d.seq, 0) from mine m"
                    + " left join routing.delivery_cursor d"
                    + " on d.user_id = ? and d.device = ? and d.conv_id = m.conv_id"
                    + " where m.last_seq > coalesce(d.seq, 0)"
                    + " order by m.conv_id limit ?")) {
                ps.setString(1, userId);
                ps.setString(2, afterConv);
                ps.setString(3, userId);
                ps.setString(4, userId);
                ps.setString(5, afterConv);
                ps.setArray(6, MessageStore.texts(c, groupConvs));
                ps.setString(7, afterConv);
                ps.setString(8, userId);
                ps.setString(9, device);
                ps.setInt(10, limit + 1);
                List<SyncState.Entry> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new SyncState.Entry(rs.getString(1), rs.getLong(2), rs.getLong(3)));
                    }
                }
                return out;
            }
        });
        boolean more = rows.size() > limit;
        return new SyncState(more ? rows.subList(0, limit) : rows, more);
    }
}
