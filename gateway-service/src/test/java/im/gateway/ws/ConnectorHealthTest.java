package im.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

class ConnectorHealthTest {

    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseThreads() {
        release.countDown();
    }

    private Thread running(String name) {
        Thread t = new Thread(
                () -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void isUpWhileTheAcceptorAndPollerOfTheClientPortLive() {
        Thread acceptor = running("http-nio-8080-Acceptor");
        Thread poller = running("http-nio-8080-Poller");
        Thread management = running("http-nio-9080-Acceptor");
        Thread worker = running("http-nio-8080-exec-1");
        ConnectorHealth health = new ConnectorHealth(() -> List.of(acceptor, poller, management, worker));
        health.watch("http-nio-8080");
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(health.health().getDetails()).containsEntry("threads", 2);
    }

    @Test
    void isDownNamingTheThreadWhenTheAcceptorDied() throws InterruptedException {
        Thread acceptor = new Thread(() -> {}, "http-nio-8080-Acceptor");
        acceptor.start();
        acceptor.join();
        Thread poller = running("http-nio-8080-Poller");
        ConnectorHealth health = new ConnectorHealth(() -> List.of(acceptor, poller));
        health.watch("http-nio-8080");
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.health().getDetails()).containsEntry("dead", List.of("http-nio-8080-Acceptor"));
    }

    @Test
    void isUnknownRatherThanDownWhenNoConnectorThreadWasFound() {
        ConnectorHealth health = new ConnectorHealth(List::of);
        health.watch("http-nio-8080");
        assertThat(health.health().getStatus()).isEqualTo(Status.UNKNOWN);
    }
}
