package im.infra;

import static org.assertj.core.api.Assertions.assertThat;

import im.infra.junit.InfrastructureExtension;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InfrastructureExtension.class)
class EtcdIT {

    @Test
    void aLeaseExpiryIsSeenByAWatchOnThePrefix(Infrastructure infra) throws Exception {
        try (Client client = Client.builder().endpoints(infra.etcdEndpoint()).build()) {
            ByteSequence prefix = bytes("/infra-it/nodes/");
            ByteSequence key = bytes("/infra-it/nodes/n1");
            BlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();
            try (Watch.Watcher watcher = client.getWatchClient()
                    .watch(
                            prefix,
                            WatchOption.builder().isPrefix(true).build(),
                            response -> events.addAll(response.getEvents()))) {
                long lease = client.getLeaseClient()
                        .grant(2)
                        .get(5, TimeUnit.SECONDS)
                        .getID();
                client.getKVClient()
                        .put(
                                key,
                                bytes("alive"),
                                PutOption.builder().withLeaseId(lease).build())
                        .get(5, TimeUnit.SECONDS);
                WatchEvent put = events.poll(5, TimeUnit.SECONDS);
                assertThat(put).isNotNull();
                assertThat(put.getEventType()).isEqualTo(WatchEvent.EventType.PUT);
                long t0 = System.nanoTime();
                // No keep-alive: the lease runs out and etcd deletes the key on its own.
                WatchEvent delete = events.poll(10, TimeUnit.SECONDS);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertThat(delete).isNotNull();
                assertThat(delete.getEventType()).isEqualTo(WatchEvent.EventType.DELETE);
                assertThat(delete.getKeyValue().getKey()).isEqualTo(key);
                assertThat(ms).isLessThan(6_000);
            }
        }
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
