package im.load.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenLoopTest {

    @Test
    void messageIIsDueAtStartPlusIOverRate() {
        OpenLoop l = new OpenLoop(1000, 5_000);
        assertThat(l.dueNanos(0)).isEqualTo(5_000);
        assertThat(l.dueNanos(1)).isEqualTo(5_000 + 1_000_000);
        assertThat(l.dueNanos(2500)).isEqualTo(5_000 + 2_500_000_000L);
        assertThat(new OpenLoop(3, 0).dueNanos(1)).isEqualTo(333_333_333);
    }

    @Test
    void aStageOffersRateTimesSeconds() {
        assertThat(OpenLoop.messages(500, 30)).isEqualTo(15_000);
        assertThat(OpenLoop.messages(2.5, 3)).isEqualTo(8);
        assertThat(OpenLoop.messages(0.1, 1)).isEqualTo(1);
        assertThatThrownBy(() -> new OpenLoop(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLateSenderCatchesUpWithoutMovingTheSchedule() {
        // the schedule started 1 s ago: every message is already due and goes out at once, each
        // keeping its own due time (the latency is counted from it)
        long start = System.nanoTime() - 1_000_000_000L;
        OpenLoop l = new OpenLoop(100, start);
        List<Long> dues = new ArrayList<>();
        int sent = l.run(50, (i, due) -> dues.add(due), () -> false);
        assertThat(sent).isEqualTo(50);
        for (int i = 0; i < 50; i++) {
            assertThat(dues.get(i)).isEqualTo(start + i * 10_000_000L);
        }
    }

    @Test
    void stopsEarlyWhenAsked() {
        OpenLoop l = new OpenLoop(10, System.nanoTime());
        int[] n = {0};
        int sent = l.run(1000, (i, due) -> n[0]++, () -> n[0] >= 3);
        assertThat(sent).isBetween(3, 4);
    }
}
