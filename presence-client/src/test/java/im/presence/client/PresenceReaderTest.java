package im.presence.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import im.contracts.presence.SessionInfo;
import im.contracts.presence.UserPresence;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Published status changes against the memory level of the read path. */
class PresenceReaderTest {

    private final Cache<String, UserPresence> memory =
            Caffeine.newBuilder().maximumSize(100).build();

    private static UserPresence online(String user) {
        return new UserPresence(user, List.of(new SessionInfo("s-1", "gw-1", "phone", Instant.now())), null);
    }

    @Test
    void aStatusPublishedWhileAReadIsLoadingTheOlderOneWinsOverIt() throws Exception {
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch published = new CountDownLatch(1);
        // A read that found nothing in Redis and is still loading (the database), when the user comes online.
        CompletableFuture<UserPresence> read = CompletableFuture.supplyAsync(() -> memory.get("ann", id -> {
            loading.countDown();
            await(published);
            return UserPresence.offline(id, null);
        }));
        loading.await();
        CompletableFuture<Void> update =
                CompletableFuture.runAsync(() -> PresenceReader.refresh(memory, online("ann")));
        Thread.sleep(100); // the update is waiting for the load, not lost
        published.countDown();
        read.join();
        update.join();

        assertThat(memory.getIfPresent("ann").online()).isTrue();
    }

    @Test
    void aStatusPublishedForAUserNotInMemoryAddsNothing() {
        PresenceReader.refresh(memory, online("bob"));

        assertThat(memory.getIfPresent("bob")).isNull();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
