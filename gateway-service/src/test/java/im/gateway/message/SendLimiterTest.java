package im.gateway.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SendLimiterTest {

    /** A clock the test moves. */
    private static final class StepClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final StepClock clock = new StepClock();
    private final SendLimiter limiter = new SendLimiter(10, 5, clock);

    @Test
    void aBurstPassesThenTheRateApplies() {
        assertThat(IntStream.range(0, 5).allMatch(i -> limiter.allow("s"))).isTrue();
        assertThat(limiter.allow("s")).isFalse();
        clock.now = clock.now.plus(Duration.ofMillis(100)); // one token at 10/s
        assertThat(limiter.allow("s")).isTrue();
        assertThat(limiter.allow("s")).isFalse();
    }

    @Test
    void tokensNeverExceedTheBurstAndSessionsAreSeparate() {
        clock.now = clock.now.plus(Duration.ofHours(1));
        assertThat(IntStream.range(0, 6).filter(i -> limiter.allow("a")).count())
                .isEqualTo(5);
        assertThat(limiter.allow("b")).isTrue();
        limiter.forget("a");
        assertThat(limiter.allow("a")).isTrue(); // a new session starts with a full bucket
    }
}
