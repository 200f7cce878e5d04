package im.load.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JitWatchTest {

    private static CpuSnapshot at(long second, long jitTicksA, long jitTicksB) {
        return new CpuSnapshot(second * 1_000_000_000L, Map.of(), Map.of("a", jitTicksA, "b", jitTicksB), 0);
    }

    @Test
    void idleOnlyAfterAFullWindowBelowTheThresholdInEveryJvm() {
        JitWatch w = new JitWatch(0.02, Duration.ofSeconds(10), 100);
        // a compiles at 50 % of a core for 10 s, b is quiet
        long a = 0;
        for (int s = 0; s <= 10; s++) {
            assertThat(w.idleAfter(at(s, a, 0))).isFalse();
            a += 50;
        }
        assertThat(w.busiestShare()).isGreaterThan(0.4);
        // then a goes quiet too; idle once the busy second has left the 10 s window
        boolean idle = false;
        int s = 11;
        for (; s < 30 && !idle; s++) {
            idle = w.idleAfter(at(s, a, 1));
        }
        assertThat(idle).isTrue();
        assertThat(s).isBetween(20, 23);
    }

    @Test
    void notIdleBeforeAWholeWindowWasSeen() {
        JitWatch w = new JitWatch(0.02, Duration.ofSeconds(10), 100);
        assertThat(w.idleAfter(at(0, 0, 0))).isFalse();
        assertThat(w.idleAfter(at(5, 0, 0))).isFalse();
        assertThat(w.idleAfter(at(10, 0, 0))).isTrue();
    }
}
