package im.gateway.support;

import im.cluster.Member;
import im.cluster.Membership;
import im.cluster.MembershipChange;
import im.cluster.RingHolder;
import im.cluster.RingProperties;
import im.contracts.presence.SessionEvent;
import im.gateway.GatewayProperties;
import im.gateway.session.SessionEvents;
import im.protocol.frame.Limits;
import im.security.OperatorProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;

/**
 * The gateway's core (sessions, frames, delivery, placement) as the application wires it, in one
 * Spring context of the real components, with the edges replaced: connections are {@link
 * FakeConnection}s, the membership is a map, Kafka is Kafka's own {@link MockProducer}, the clock is
 * set by the test, and Redis is never reached (no test here subscribes to presence).
 */
public final class GatewayCore implements AutoCloseable {

    public static final String NODE = "gw-a";

    public final AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
    public final KeptOpen kafka;
    public final List<SessionEvent> sessionEvents = new CopyOnWriteArrayList<>();
    public final FakeMembership membership = new FakeMembership();
    public final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    public final MeterRegistry metrics = new SimpleMeterRegistry();
    public final RingHolder ring = new RingHolder(new RingProperties(64), metrics, clock);

    public GatewayCore(Map<String, String> settings, Class<?>... components) {
        this(true, settings, components);
    }

    /** @param kafkaAnswers whether Kafka takes every record at once (else the test answers each one) */
    public GatewayCore(boolean kafkaAnswers, Map<String, String> settings, Class<?>... components) {
        this.kafka = new KeptOpen(kafkaAnswers);
        Map<String, String> all = new HashMap<>(Map.of("im.gateway.node-id", NODE));
        all.putAll(settings);
        GatewayProperties properties =
                new Binder(new MapConfigurationPropertySource(all)).bindOrCreate("im.gateway", GatewayProperties.class);
        LettuceConnectionFactory redis = new LettuceConnectionFactory("127.0.0.1", 1);
        redis.afterPropertiesSet();
        context.registerBean(GatewayProperties.class, () -> properties);
        context.registerBean(Limits.class, Limits::defaults);
        context.registerBean(Clock.class, () -> clock);
        context.registerBean(MeterRegistry.class, () -> metrics);
        context.registerBean(RingHolder.class, () -> ring);
        context.registerBean(Membership.class, () -> membership);
        context.registerBean(OperatorProperties.class, () -> new OperatorProperties(null, null));
        context.registerBean(SessionEvents.class, () -> sessionEvents::add);
        context.registerBean(
                KafkaTemplate.class, () -> new KafkaTemplate<String, String>(new MockProducerFactory<>(() -> kafka)));
        context.registerBean(LettuceConnectionFactory.class, () -> redis);
        context.registerBean(StringRedisTemplate.class, () -> new StringRedisTemplate(redis));
        context.register(components);
        context.refresh();
    }

    public <T> T get(Class<T> type) {
        return context.getBean(type);
    }

    /** Puts {@code nodes} on the ring (and in the membership, with addresses ws://host-of-node/ws). */
    public void ringOf(String... nodes) {
        Map<String, Integer> weights = new HashMap<>();
        for (String n : nodes) {
            weights.put(n, 1);
            membership.members.put(
                    n, new Member(n, "ws://" + n + ".example:8080/ws", 1, clock.instant(), clock.instant()));
        }
        ring.update(weights, "test");
    }

    /** A user the ring places on {@code node}. */
    public String userOn(String node) {
        for (int i = 0; ; i++) {
            String u = "user-" + i;
            if (ring.current().ring().nodeFor(u).equals(node)) {
                return u;
            }
        }
    }

    @Override
    public void close() {
        context.close();
    }

    /**
     * Kafka's mock producer, kept open when the template closes it after a send (as the real factory's
     * shared producer is); {@link #shutDown} closes it for real.
     */
    public static final class KeptOpen extends MockProducer<String, String> {
        KeptOpen(boolean autoComplete) {
            super(autoComplete, null, new StringSerializer(), new StringSerializer());
        }

        @Override
        public void close() {}

        @Override
        public void close(Duration timeout) {}

        /** Closes it: every send after this throws in the caller's thread, as a closed producer does. */
        public void shutDown() {
            super.close(Duration.ZERO);
        }
    }

    /** A membership held in a map: only what the gateway's core reads of it. */
    public static final class FakeMembership implements Membership {
        public final Map<String, Member> members = new ConcurrentHashMap<>();

        @Override
        public void start() {}

        @Override
        public void join(Member self) {
            members.put(self.id(), self);
        }

        @Override
        public Map<String, Member> members() {
            return Map.copyOf(members);
        }

        @Override
        public void addListener(Consumer<MembershipChange> listener) {}

        /** Whether this node left (a drain or a stop); the test moves the ring as the others would see it. */
        public volatile boolean left;

        @Override
        public void leave() {
            left = true;
        }

        @Override
        public void close() {}

        @Override
        public void abandon() {}
    }

    /** A clock the test moves. */
    public static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        public void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
