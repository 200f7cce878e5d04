package im.load.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartiesTest {

    @TempDir
    Path dir;

    @Test
    void aPartyWaitsAtAMeetingPointUntilTheOtherArrives() throws Exception {
        Parties one = new Parties(1, 2, dir);
        Parties two = new Parties(2, 2, dir);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> one.meet("s1"));
        Thread.sleep(200);
        assertThat(first).isNotDone();
        two.meet("s1");
        first.get(5, TimeUnit.SECONDS);
    }

    @Test
    void everyPartyGetsTheSumOfTheDeliveredCounts() throws Exception {
        Parties one = new Parties(1, 2, dir);
        Parties two = new Parties(2, 2, dir);
        CompletableFuture<Long> a = CompletableFuture.supplyAsync(() -> one.total("s1", 1_000));
        long b = two.total("s1", 998);
        assertThat(b).isEqualTo(1_998);
        assertThat(a.get(5, TimeUnit.SECONDS)).isEqualTo(1_998);
        // A later stage's counts are its own.
        CompletableFuture<Long> c = CompletableFuture.supplyAsync(() -> one.total("s2", 5));
        assertThat(two.total("s2", 7)).isEqualTo(12);
        assertThat(c.get(5, TimeUnit.SECONDS)).isEqualTo(12);
    }

    @Test
    void aLoneProcessNeitherWaitsNorNeedsADirectory() {
        Parties alone = Parties.alone();
        alone.meet("s1");
        assertThat(alone.total("s1", 42)).isEqualTo(42);
        assertThatThrownBy(() -> new Parties(1, 2, null)).hasMessageContaining("shared directory");
        assertThatThrownBy(() -> new Parties(3, 2, dir)).isInstanceOf(IllegalArgumentException.class);
    }
}
