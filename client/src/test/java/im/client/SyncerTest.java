package im.client;

import static org.assertj.core.api.Assertions.assertThat;

import im.protocol.frame.ClientFrame;
import im.protocol.frame.FrameCodec;
import im.protocol.frame.Limits;
import im.protocol.frame.ServerFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyncerTest {

    private final List<String> written = new ArrayList<>();
    private final List<Long> delivered = new ArrayList<>();
    private Syncer syncer;
    private final Inbox inbox = new Inbox(m -> delivered.add(m.seq()), c -> syncer.conversation(c));

    SyncerTest() {
        syncer = new Syncer(inbox, written::add, () -> true);
    }

    private static String page(long lastSeq, boolean more, long... seqs) {
        StringBuilder m = new StringBuilder();
        for (long s : seqs) {
            m.append(m.isEmpty() ? "" : ",")
                    .append("{\"id\":\"i")
                    .append(s)
                    .append("\",\"conv\":\"d:a:b\",\"seq\":")
                    .append(s)
                    .append(",\"from\":\"a\",\"to\":\"b\",\"clientMsgId\":\"c\",\"body\":\"x\"}");
        }
        return "{\"type\":\"messages\",\"conv\":\"d:a:b\",\"lastSeq\":" + lastSeq + ",\"messages\":[" + m
                + "],\"more\":" + more + "}";
    }

    private static ClientFrame.Sync sync(String text) {
        return (ClientFrame.Sync) new FrameCodec(Limits.defaults()).decode(text).frame();
    }

    @Test
    void oneSyncPerConversationIsInFlightAndAGapSeenMeanwhileAsksAgain() {
        syncer.conversation("d:a:b");
        syncer.conversation("d:a:b");
        assertThat(written).hasSize(1);

        // The page ends at 2, but a push of 4 showed a gap while it was in flight.
        inbox.offer(new Message("i4", "d:a:b", 4, "a", "b", "c", "x", 0, 0));
        syncer.page((ServerFrame.Messages) FrameCodec.decodeServer(page(2, false, 1, 2)));

        assertThat(delivered).containsExactly(1L, 2L);
        assertThat(written).hasSize(2);
        assertThat(sync(written.get(1)).after()).isEqualTo(2);
    }

    @Test
    void pagesAreFollowedWhileMoreAreAnnounced() {
        syncer.conversation("d:a:b");
        syncer.page((ServerFrame.Messages) FrameCodec.decodeServer(page(4, true, 1, 2)));
        syncer.page((ServerFrame.Messages) FrameCodec.decodeServer(page(4, false, 3, 4)));

        assertThat(delivered).containsExactly(1L, 2L, 3L, 4L);
        assertThat(written).hasSize(2);
    }

    @Test
    void theLoginStateSyncsOnlyConversationsWithSomethingNew() {
        inbox.atLeast("d:a:c", 7);
        syncer.state((ServerFrame.SyncState) FrameCodec.decodeServer("{\"type\":\"sync_state\",\"conversations\":["
                + "{\"conv\":\"d:a:b\",\"lastSeq\":3,\"delivered\":1},"
                + "{\"conv\":\"d:a:c\",\"lastSeq\":7,\"delivered\":0}],\"more\":false}"));

        assertThat(written).hasSize(1);
        assertThat(sync(written.get(0)).conv()).isEqualTo("d:a:b");
        assertThat(sync(written.get(0)).after()).isEqualTo(1);
    }
}
