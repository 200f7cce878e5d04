package im.infra;

import static org.assertj.core.api.Assertions.assertThat;

import im.infra.junit.InfrastructureExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InfrastructureExtension.class)
class RedisIT {

    @Test
    void anExpiredKeyIsAnnouncedAsAKeyspaceEvent(Infrastructure infra) throws Exception {
        RedisClient client = RedisClient.create("redis://" + infra.redisHost() + ":" + infra.redisPort());
        try (StatefulRedisConnection<String, String> conn = client.connect();
                StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub()) {
            conn.sync().configSet("notify-keyspace-events", "Ex");
            BlockingQueue<String> expired = new LinkedBlockingQueue<>();
            sub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    expired.add(message);
                }
            });
            sub.sync().subscribe("__keyevent@0__:expired");
            long t0 = System.nanoTime();
            conn.sync().set("infra-it-ttl", "x", SetArgs.Builder.px(200));
            String key = expired.poll(5, TimeUnit.SECONDS);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(key).isEqualTo("infra-it-ttl");
            assertThat(ms).isGreaterThanOrEqualTo(200);
            assertThat(conn.sync().exists("infra-it-ttl")).isZero();
        } finally {
            client.shutdown();
        }
    }
}
