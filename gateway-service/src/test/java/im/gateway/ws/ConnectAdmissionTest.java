package im.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConnectAdmissionTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Counter throttled = new SimpleMeterRegistry().counter("throttled");
    private final ConnectAdmission admission = new ConnectAdmission(100, 10, now::get, throttled);

    private int admitted(int tries) {
        int n = 0;
        for (int i = 0; i < tries; i++) {
            n += admission.admit() ? 1 : 0;
        }
        return n;
    }

    @Test
    void aStormGetsTheBurstAtOnceAndCountsTheRestAsThrottled() {
        assertThat(admitted(50)).isEqualTo(10);
        assertThat(throttled.count()).isEqualTo(40);
    }

    @Test
    void theBucketRefillsAtTheRateAndNeverPastTheBurst() {
        admitted(10);
        now.addAndGet(50_000_000L); // 50 ms at 100/s: five connects
        assertThat(admitted(20)).isEqualTo(5);
        now.addAndGet(60_000_000_000L); // a minute idle still allows only the burst
        assertThat(admitted(100)).isEqualTo(10);
    }
}
