package im.cluster.redis;

import im.cluster.AbstractMembership;
import im.cluster.HeartbeatLateness;
import im.cluster.Member;
import im.cluster.MemberCodec;
import im.cluster.MembershipProperties;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.PatternTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Membership in Redis (a hash of nodes polled for staleness), made prompt and self-healing:
 *
 * <ul>
 *   <li>hash {@code IMSERVER}: field = node id, value = JSON (address, weight, start and update time),
 *       rewritten on every heartbeat;
 *   <li>key {@code IMSERVER:alive:<id>} with a TTL, refreshed on every heartbeat: its expiry is the
 *       crash signal, announced at once by the keyspace event {@code __keyevent@<db>__:expired};
 *   <li>channel {@code IMSERVER:events}: joins and graceful leaves announced, so others see them in
 *       milliseconds;
 *   <li>a poll of the whole set every {@code poll-interval}, for anything pub/sub missed (pub/sub keeps
 *       nothing: a subscriber that was reconnecting, a Redis restart).
 * </ul>
 *
 * A node is a member while its alive key exists. Every signal only triggers a re-read of the set, so
 * signals can be lost or duplicated without harm. A node whose key expired while it was in fact
 * alive (a long pause) re-registers on its next heartbeat.
 */
public final class RedisMembership extends AbstractMembership {

    private static final Logger log = LoggerFactory.getLogger(RedisMembership.class);

    /** The name of the membership's own connection in Redis's {@code CLIENT LIST}. */
    public static final String CLIENT_NAME = "im-membership";

    private final StringRedisTemplate redis;
    private final RedisMessageListenerContainer container;
    private final String hashKey;
    private final String alivePrefix;
    private final String eventsChannel;
    private final MessageListener listener = this::onMessage;
    private final Runnable releaseClients;
    private volatile Member self;
    private volatile boolean started;
    private final HeartbeatLateness lateness;
    private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "membership-heartbeat");
        t.setDaemon(true);
        return t;
    });

    public RedisMembership(
            StringRedisTemplate redis,
            RedisMessageListenerContainer container,
            MembershipProperties properties,
            Clock clock) {
        this(redis, container, properties, clock, () -> {});
    }

    private RedisMembership(
            StringRedisTemplate redis,
            RedisMessageListenerContainer container,
            MembershipProperties properties,
            Clock clock,
            Runnable releaseClients) {
        super(properties, clock, "redis");
        this.releaseClients = releaseClients;
        this.redis = redis;
        this.container = container;
        this.hashKey = properties.redisKey();
        this.alivePrefix = hashKey + ":alive:";
        this.eventsChannel = hashKey + ":events";
        this.lateness = new HeartbeatLateness(properties.heartbeat(), properties.ttl(), "Redis");
    }

    /**
     * A membership whose commands (heartbeats, reads of the set) go over a Redis connection of its own,
     * with the address and TLS setting of {@code shared}; pub/sub stays on {@code container}. On the
     * application's connection a heartbeat queued behind the service's own commands: during a connect
     * storm each beat took up to 0.6 s there, and registrations expired under live nodes. Sentinel
     * and cluster set-ups keep using {@code shared}.
     */
    public static RedisMembership withOwnConnection(
            RedisConnectionFactory shared,
            RedisMessageListenerContainer container,
            MembershipProperties properties,
            Clock clock) {
        if (!(shared instanceof LettuceConnectionFactory app) || app.isRedisSentinelAware() || app.isClusterAware()) {
            return new RedisMembership(new StringRedisTemplate(shared), container, properties, clock);
        }
        LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder()
                .commandTimeout(properties.ttl())
                .clientName(CLIENT_NAME);
        if (app.getClientConfiguration().isUseSsl()) {
            client.useSsl();
        }
        LettuceConnectionFactory own = new LettuceConnectionFactory(app.getStandaloneConfiguration(), client.build());
        own.afterPropertiesSet();
        own.start();
        return new RedisMembership(new StringRedisTemplate(own), container, properties, clock, own::destroy);
    }

    /**
     * A membership with its own Redis connections, released when it stops: for programs and tests
     * that run several members in one JVM (each as separate as a process would be).
     */
    public static RedisMembership connect(String host, int port, MembershipProperties properties, Clock clock) {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration(host, port),
                LettuceClientConfiguration.builder()
                        .commandTimeout(java.time.Duration.ofSeconds(2))
                        .build());
        factory.afterPropertiesSet();
        factory.start();
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(factory);
        container.setRecoveryInterval(500);
        container.afterPropertiesSet();
        container.start();
        return new RedisMembership(new StringRedisTemplate(factory), container, properties, clock, () -> {
            container.stop();
            factory.destroy();
        });
    }

    @Override
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        container.addMessageListener(
                listener, List.of(new PatternTopic("__keyevent@*__:expired"), new ChannelTopic(eventsChannel)));
        submit("keyspace events", this::ensureKeyspaceEvents);
        submit("initial load", () -> refresh("initial load"));
        scheduleEvery("poll", properties.pollInterval(), () -> refresh("poll"));
    }

    @Override
    public synchronized void join(Member member) {
        start();
        this.self = member;
        submit("register", () -> {
            try {
                heartbeat(true);
            } finally {
                // Also when the registration failed (Redis away at start): the beats register later.
                startBeats();
            }
        });
    }

    /**
     * Heartbeats get a thread of their own, at a fixed rate: on the membership thread they waited
     * behind re-reads of the set, and with a fixed delay every slow beat pushed the next one back by
     * its own length. Started after the registration, so that the first beat of this thread never
     * mistakes the registration for a lost one.
     */
    private void startBeats() {
        long period = properties.heartbeat().toMillis();
        try {
            beats.scheduleAtFixedRate(
                    () -> {
                        try {
                            heartbeat(false);
                        } catch (RuntimeException e) {
                            log.warn("membership heartbeat failed: {}", e.toString());
                        }
                    },
                    period,
                    period,
                    TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // left or stopped before the registration ran
        }
    }

    private void heartbeat(boolean first) {
        Member me = self;
        if (me == null || stopped) {
            return;
        }
        long began = System.nanoTime();
        try {
            beat(me, first);
        } finally {
            lateness.beat(began, System.nanoTime());
        }
    }

    private void beat(Member me, boolean first) {
        Member refreshed = me.refreshedAt(clock.instant());
        // Alive key first: an observer that sees the hash field can then trust the key.
        redis.opsForValue()
                .set(
                        alivePrefix + me.id(),
                        me.startedAt().toString(),
                        properties.ttl().toMillis(),
                        TimeUnit.MILLISECONDS);
        byte[] field = utf8(me.id());
        byte[] value = utf8(MemberCodec.encode(refreshed));
        // HSET answers whether the field is new: the cheap way to notice that Redis lost our data.
        Boolean added =
                redis.execute((RedisCallback<Boolean>) c -> c.hashCommands().hSet(utf8(hashKey), field, value));
        if (first || Boolean.TRUE.equals(added)) {
            // New field: first registration, or Redis lost our data (restart, flush, expiry by a pause).
            redis.convertAndSend(eventsChannel, "join " + me.id());
            if (first) {
                refresh("joined");
            } else {
                log.info("re-registered {} in Redis (its registration had vanished)", me.id());
                // The member map belongs to the membership thread.
                submit("re-registered", () -> {
                    ensureKeyspaceEvents();
                    refresh("re-registered " + me.id());
                });
            }
        }
    }

    /** Reads the whole set: a member is one whose alive key exists. Clears dead fields. */
    private void refresh(String reason) {
        if (stopped) {
            return;
        }
        Map<Object, Object> fields = redis.opsForHash().entries(hashKey);
        Map<String, Member> next = new HashMap<>();
        for (Map.Entry<Object, Object> e : fields.entrySet()) {
            String id = (String) e.getKey();
            if (Boolean.TRUE.equals(redis.hasKey(alivePrefix + id))) {
                try {
                    next.put(id, MemberCodec.decode(id, (String) e.getValue()));
                } catch (IllegalArgumentException bad) {
                    log.warn("ignoring {}: {}", id, bad.getMessage());
                }
            } else {
                // Dead: tidy the hash (a live node puts the field back on its next heartbeat).
                redis.opsForHash().delete(hashKey, id);
            }
        }
        apply(next, reason);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void onMessage(Message message, byte[] pattern) {
        String channel = new String(message.getChannel(), StandardCharsets.UTF_8);
        String body = new String(message.getBody(), StandardCharsets.UTF_8);
        if (channel.equals(eventsChannel)) {
            submit("event", () -> refresh("announced: " + body));
        } else if (body.startsWith(alivePrefix)) {
            String id = body.substring(alivePrefix.length());
            submit("expiry", () -> refresh("registration of " + id + " expired"));
        }
    }

    /** Turns on expiry events ({@code Ex}) if off; Redis forgets the setting on restart, so this repeats. */
    private void ensureKeyspaceEvents() {
        try {
            String current = redis.execute((RedisCallback<String>) c -> notifyFlags(c));
            boolean hasExpired = current.contains("x") || current.contains("A");
            if (current.contains("E") && hasExpired) {
                return;
            }
            String wanted = current + (current.contains("E") ? "" : "E") + (hasExpired ? "" : "x");
            redis.execute((RedisCallback<Void>) c -> {
                c.serverCommands().setConfig("notify-keyspace-events", wanted);
                return null;
            });
            log.info("enabled Redis keyspace expiry events: notify-keyspace-events '{}' -> '{}'", current, wanted);
        } catch (RuntimeException e) {
            log.warn(
                    "could not enable Redis keyspace events ({}); crash detection falls back to polling every {}",
                    e.toString(),
                    properties.pollInterval());
        }
    }

    private static String notifyFlags(RedisConnection c) {
        Properties p = c.serverCommands().getConfig("notify-keyspace-events");
        return p == null ? "" : p.getProperty("notify-keyspace-events", "");
    }

    @Override
    public synchronized void leave() {
        Member me = self;
        self = null;
        // No heartbeat may run after the deletes below: it would register a node that just left.
        stopAndWait(beats);
        if (me == null) {
            return;
        }
        try {
            redis.delete(alivePrefix + me.id());
            redis.opsForHash().delete(hashKey, me.id());
            redis.convertAndSend(eventsChannel, "leave " + me.id());
            log.info("deregistered {} from Redis", me.id());
        } catch (RuntimeException e) {
            log.warn(
                    "could not deregister {} ({}); others will see it expire within {}",
                    me.id(),
                    e.toString(),
                    properties.ttl());
        }
    }

    @Override
    public synchronized void abandon() {
        stopped = true;
        self = null;
        container.removeMessageListener(listener);
        stopAndWait(beats);
        stopExecutor();
        releaseClients.run();
    }
}
