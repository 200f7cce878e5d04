package im.routing.message.store;

import im.common.message.ChatMessage;
import im.common.message.MessagePage;
import im.common.message.SyncState;
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

    /** Up to {@code limit} messages of {@code conversation} after {@code afterSeq}, oldest first. */
    public MessagePage page(String conversation, long afterSeq, int limit) {
        List<ChatMessage> rows = jdbc.query(
                "select " + MessageStore.COLUMNS
                        + " from routing.message where conv_id = ? and seq > ? order by seq limit ?",
                (rs, i) -> MessageStore.read(rs),
                conversation,
                afterSeq,
                limit + 1);
        List<Long> last = jdbc.queryForList(
                "select last_seq from routing.conversation where conv_id = ?", Long.class, conversation);
        boolean more = rows.size() > limit;
        return new MessagePage(
                conversation, last.isEmpty() ? 0 : last.get(0), more ? rows.subList(0, limit) : rows, more);
    }

    /** The conversations of {@code userId} with messages past {@code device}'s cursor, by id after {@code afterConv}. */
    public SyncState missing(String userId, String device, String afterConv, int limit) {
        List<SyncState.Entry> rows = jdbc.query(
                "select c.conv_id, c.last_seq, coalesce(d.seq, 0) from routing.conversation c"
                        + " left join routing.delivery_cursor d"
                        + " on d.user_id = ? and d.device = ? and d.conv_id = c.conv_id"
                        + " where (c.user_a = ? or c.user_b = ?) and c.conv_id > ? and c.last_seq > coalesce(d.seq, 0)"
                        + " order by c.conv_id limit ?",
                (rs, i) -> new SyncState.Entry(rs.getString(1), rs.getLong(2), rs.getLong(3)),
                userId,
                device,
                userId,
                userId,
                afterConv,
                limit + 1);
        boolean more = rows.size() > limit;
        return new SyncState(more ? rows.subList(0, limit) : rows, more);
    }
}
