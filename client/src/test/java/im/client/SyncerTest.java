package im.client;

import static org.assertj.core.api.Assertions.assertThat;

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

    @Test
    void oneSyncPerConversationIsInFlightAndAGapSeenMeanwhileAsksAgain() {
        syncer.conversation("d:a:b");
        syncer.conversation("d:a:b");
        assertThat(written).hasSize(1);

        // The page ends at 2, but a push of 4 showed a gap while it was in flight.
        inbox.offer(new Message("i4", "d:a:b", 4, "a", "b", "c", "x", 0, 0));
        syncer.page(Frames.parse(page(2, false, 1, 2)));

        assertThat(delivered).containsExactly(1L, 2L);
        assertThat(written).hasSize(2);
        assertThat(Frames.parse(written.get(1)).get("after").asLong()).isEqualTo(2);
    }

    @Test
    void pagesAreFollowedWhileMoreAreAnnounced() {
        syncer.conversation("d:a:b");
        syncer.page(Frames.parse(page(4, true, 1, 2)));
        syncer.page(Frames.parse(page(4, false, 3, 4)));

        assertThat(delivered).containsExactly(1L, 2L, 3L, 4L);
        assertThat(written).hasSize(2);
    }

    @Test
    void theLoginStateSyncsOnlyConversationsWithSomethingNew() {
        inbox.atLeast("d:a:c", 7);
        syncer.state(Frames.parse("{\"type\":\"sync_state\",\"conversations\":["
                + "{\"conv\":\"d:a:b\",\"lastSeq\":3,\"delivered\":1},"
                + "{\"conv\":\"d:a:c\",\"lastSeq\":7,\"delivered\":0}],\"more\":false}"));

        assertThat(written).hasSize(1);
        assertThat(Frames.parse(written.get(0)).get("conv").asString()).isEqualTo("d:a:b");
        assertThat(Frames.parse(written.get(0)).get("after").asLong()).isEqualTo(1);
    }
}
