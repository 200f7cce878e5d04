package im.load.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessageBookTest {

    @Test
    void countsLostDuplicatedOutOfOrderUnansweredAndErrors() {
        MessageBook b = new MessageBook("s1", 6, 2, 1, new Legs());
        Receiver r = new Receiver(1);
        for (int i = 0; i < 6; i++) {
            b.sending(i, 0, 1_000L * i, 1_000L * i);
        }
        b.accepted(0, 11, 5_000);
        b.accepted(1, 12, 5_000);
        b.accepted(2, 13, 5_000);
        b.accepted(3, 14, 5_000);
        b.error(4, "rate_limited");
        // 5: no answer at all
        b.delivered(r, 0, 11, 9_000);
        b.delivered(r, 2, 13, 9_000);
        b.delivered(r, 1, 12, 9_000); // seq below one this receiver already had
        b.delivered(r, 1, 12, 9_500); // the same message again
        // 3 never arrives

        Tally t = b.tally(6);
        assertThat(t.sent()).isEqualTo(6);
        assertThat(t.accepted()).isEqualTo(4);
        assertThat(t.errors()).containsEntry("rate_limited", 1L);
        assertThat(t.unanswered()).isEqualTo(1);
        assertThat(t.expected()).isEqualTo(4);
        assertThat(t.delivered()).isEqualTo(3);
        assertThat(t.lost()).isEqualTo(1);
        assertThat(t.duplicated()).isEqualTo(1);
        assertThat(t.outOfOrder()).isEqualTo(1);
        assertThat(t.seqGaps()).isZero();
        assertThat(t.incomplete()).isEqualTo(1);
        assertThat(b.outstanding()).isEqualTo(2); // message 3's delivery and message 5's answer
    }

    @Test
    void aGroupMessageIsCompleteWhenEveryReceiverHasIt() {
        MessageBook b = new MessageBook("g", 2, 3, 2, new Legs());
        Receiver r1 = new Receiver(1), r2 = new Receiver(2);
        b.sending(0, 0, 0, 0);
        b.sending(1, 0, 100, 100);
        b.accepted(0, 1, 50);
        b.accepted(1, 2, 150);
        b.delivered(r1, 0, 1, 1_000_000);
        b.delivered(r2, 0, 1, 3_000_000);
        b.delivered(r1, 1, 2, 2_000_000);
        Tally t = b.tally(2);
        assertThat(t.expected()).isEqualTo(4);
        assertThat(t.lost()).isEqualTo(1);
        assertThat(t.incomplete()).isEqualTo(1);
        assertThat(b.legs().last.harvest().getMaxValue()).isBetween(2_990_000L, 3_010_000L);
    }

    @Test
    void deliveriesOfAMessageNeverAcceptedAreCountedApart() {
        MessageBook b = new MessageBook("s", 1, 1, 1, new Legs());
        b.sending(0, 0, 0, 0);
        b.delivered(new Receiver(0), 0, 7, 10);
        assertThat(b.tally(1).unaccepted()).isEqualTo(1);
    }

    @Test
    void seqGapsAndRepeatsArePerConversation() {
        long c0 = 0, c1 = 1L << 40;
        long[] packed = {c0 | 5, c0 | 6, c0 | 9, c1 | 1, c1 | 1, c1 | 2, c0 | 7};
        assertThat(Tally.seqGaps(packed)).containsExactly(1, 1); // c0 misses 8; c1 repeats 1
    }
}
