package im.gateway.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.contracts.ContractJson;
import im.contracts.presence.SessionInfo;
import im.contracts.presence.UserPresence;
import im.gateway.GatewayProperties;
import im.gateway.session.ClientSession;
import im.gateway.session.SessionRegistry;
import im.gateway.support.FakeConnection;
import im.infra.Infrastructure;
import im.infra.junit.InfrastructureExtension;
import im.presence.client.PresenceKeys;
import im.presence.client.PresenceReader;
import im.protocol.frame.ServerFrame;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The presence relay over real Redis and fake connections: a subscriber gets the current status of
 * every user it names (read in one round trip), then each change presence publishes, and nothing after
 * it unsubscribed or its connection closed.
 */
@ExtendWith(InfrastructureExtension.class)
class PresenceRelayIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private LettuceConnectionFactory redisConnections;
    private StringRedisTemplate redis;
    private PresenceRelay relay;
    private SessionRegistry sessions;
    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void setUp(Infrastructure infra) {
        redisConnections =
                new LettuceConnectionFactory(new RedisStandaloneConfiguration(infra.redisHost(), infra.redisPort()));
        redisConnections.afterPropertiesSet();
        redisConnections.start();
        redis = new StringRedisTemplate(redisConnections);
        relay = new PresenceRelay(redis, redisConnections);
        GatewayProperties properties = new Binder(
                        new MapConfigurationPropertySource(Map.of("im.gateway.node-id", "gw-a")))
                .bindOrCreate("im.gateway", GatewayProperties.class);
        sessions =
                new SessionRegistry(e -> {}, properties, Clock.systemUTC(), new SimpleMeterRegistry(), List.of(relay));
    }

    @AfterEach
    void tearDown() throws Exception {
        relay.destroy();
        redisConnections.destroy();
    }

    private void online(String user, String device) {
        SessionInfo info = new SessionInfo("s-" + user, "gw-b", device, Instant.now());
        redis.opsForHash().put(PresenceKeys.user(user), info.sessionId(), ContractJson.write(info));
    }

    private void publish(String user, boolean online) {
        List<SessionInfo> list =
                online ? List.of(new SessionInfo("s2-" + user, "gw-b", "laptop", Instant.now())) : List.of();
        redis.convertAndSend(
                PresenceReader.STATUS_CHANNEL,
                ContractJson.write(new UserPresence(user, list, online ? null : Instant.now())));
    }

    @Test
    void aSubscriberGetsEveryCurrentStatusInOrderThenEachChange() {
        List<String> users =
                IntStream.range(0, 200).mapToObj(i -> tag + "-u" + i).toList();
        online(users.get(0), "phone");
        online(users.get(199), "tablet");
        FakeConnection c = new FakeConnection();
        ClientSession s = sessions.open(c, tag + "-watcher", "d");

        relay.subscribe(s, new im.protocol.frame.ClientFrame.Subscribe(null, users));

        assertThat(c.frames(ServerFrame.Subscribed.class)).hasSize(1);
        List<ServerFrame.Presence> now = c.frames(ServerFrame.Presence.class);
        assertThat(now).extracting(ServerFrame.Presence::userId).containsExactlyElementsOf(users);
        assertThat(now.get(0).devices()).containsExactly("phone");
        assertThat(now.get(1).online()).isFalse();
        assertThat(now.get(199).devices()).containsExactly("tablet");

        publish(users.get(5), true);
        await().atMost(WAIT).until(() -> c.frames(ServerFrame.Presence.class).size() == 201);
        ServerFrame.Presence change = c.frames(ServerFrame.Presence.class).get(200);
        assertThat(change.userId()).isEqualTo(users.get(5));
        assertThat(change.devices()).containsExactly("laptop");
    }

    @Test
    void noChangeReachesAConnectionAfterItUnsubscribedOrClosed() {
        String watched = tag + "-w";
        FakeConnection unsubscribes = new FakeConnection();
        FakeConnection closes = new FakeConnection();
        FakeConnection stays = new FakeConnection();
        ClientSession a = sessions.open(unsubscribes, tag + "-a", "d");
        ClientSession b = sessions.open(closes, tag + "-b", "d");
        ClientSession c = sessions.open(stays, tag + "-c", "d");
        for (ClientSession s : List.of(a, b, c)) {
            relay.subscribe(s, new im.protocol.frame.ClientFrame.Subscribe(null, List.of(watched)));
        }
        relay.unsubscribe(a, new im.protocol.frame.ClientFrame.Unsubscribe(null, List.of(watched)));
        sessions.close(b);

        publish(watched, true);
        await().atMost(WAIT)
                .until(() -> stays.frames(ServerFrame.Presence.class).size() == 2);
        publish(watched, false);
        await().atMost(WAIT)
                .until(() -> stays.frames(ServerFrame.Presence.class).size() == 3);

        assertThat(unsubscribes.frames(ServerFrame.Presence.class)).hasSize(1);
        assertThat(closes.frames(ServerFrame.Presence.class)).hasSize(1);
        assertThat(relay.watchedUsers()).isEqualTo(1);
    }
}
