package im.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InboxTest {

    private final List<Long> delivered = new ArrayList<>();
    private final List<String> gaps = new ArrayList<>();
    private final Inbox inbox = new Inbox(m -> delivered.add(m.seq()), gaps::add);

    private static Message m(long seq) {
        return new Message("id" + seq, "d:a:b", seq, "a", "b", "c" + seq, "body", 0, 0);
    }

    @Test
    void handsOverMessagesInOrderAndDropsRepeats() {
        assertThat(inbox.offer(m(1))).isTrue();
        assertThat(inbox.offer(m(2))).isTrue();
        assertThat(inbox.offer(m(2))).isFalse();
        assertThat(inbox.offer(m(1))).isFalse();
        assertThat(delivered).containsExactly(1L, 2L);
        assertThat(gaps).isEmpty();
    }

    @Test
    void aMessageAfterAGapIsHeldBackAndTheGapReported() {
        inbox.offer(m(1));
        assertThat(inbox.offer(m(3))).isFalse();
        assertThat(gaps).containsExactly("d:a:b");
        assertThat(inbox.highest("d:a:b")).isEqualTo(1);
        inbox.offer(m(2));
        inbox.offer(m(3));
        assertThat(delivered).containsExactly(1L, 2L, 3L);
    }

    @Test
    void theDeliveredCursorStartsAConversationButNeverMovesItBack() {
        inbox.atLeast("d:a:b", 5);
        assertThat(inbox.offer(m(5))).isFalse();
        assertThat(inbox.offer(m(6))).isTrue();
        inbox.atLeast("d:a:b", 2);
        assertThat(inbox.highest("d:a:b")).isEqualTo(6);
    }

    @Test
    void acknowledgementsCoverEachConversationOnceWithItsHighest() {
        inbox.offer(m(1));
        inbox.offer(m(2));
        assertThat(inbox.takeUnacked()).containsExactly(java.util.Map.entry("d:a:b", 2L));
        assertThat(inbox.takeUnacked()).isEmpty();
    }

    @Test
    void backoffIsJitteredWithinAGrowingCap() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000));
        for (int attempt = 0; attempt < 8; attempt++) {
            long cap = Math.min(1000, 100L << attempt);
            assertThat(b.nextMillis()).isBetween(0L, cap);
        }
        b.reset();
        assertThat(b.nextMillis()).isBetween(0L, 100L);
    }
}
