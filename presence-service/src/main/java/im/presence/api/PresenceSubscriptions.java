package im.presence.api;

import im.contracts.ContractJson;
import im.contracts.presence.UserPresence;
import im.presence.client.PresenceReader;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Clients watching a set of users: each gets the current status of each user, then every change, as
 * Server-Sent Events. Changes come from the Redis channel (not from this instance's own writes), so
 * a watcher on one presence instance hears changes made by any instance.
 */
@Component
class PresenceSubscriptions implements DisposableBean {

    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final PresenceReader reader;
    private final Map<String, Set<SseEmitter>> watchers = new ConcurrentHashMap<>();
    private final Set<SseEmitter> all = ConcurrentHashMap.newKeySet();
    /**
     * Sends changes to watchers, in the order they were published. Not on the pub/sub dispatch thread:
     * that thread also applies updates to the in-memory presence cache, and one watcher whose
     * connection stalls a write would otherwise freeze every status this node serves.
     */
    private final java.util.concurrent.ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "presence-sse-sender");
        t.setDaemon(true);
        return t;
    });

    private final ScheduledExecutorService keepAlive = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "presence-sse-keepalive");
        t.setDaemon(true);
        return t;
    });

    PresenceSubscriptions(
            PresenceReader reader, RedisMessageListenerContainer presenceListenerContainer, MeterRegistry registry) {
        this.reader = reader;
        PresenceReader.onUpdates(presenceListenerContainer, this::onChange);
        Gauge.builder("im.presence.watchers", all, Set::size)
                .description("Open presence subscriptions (SSE)")
                .register(registry);
        // Comments keep proxies and load balancers from closing an idle stream.
        keepAlive.scheduleWithFixedDelay(
                () -> all.forEach(e -> send(e, SseEmitter.event().comment("keep-alive"))),
                KEEP_ALIVE.toSeconds(),
                KEEP_ALIVE.toSeconds(),
                TimeUnit.SECONDS);
    }

    SseEmitter watch(List<String> users, Duration timeout) {
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        // Register before reading current statuses: a change in between is then sent twice, never lost.
        users.forEach(u ->
                watchers.computeIfAbsent(u, k -> ConcurrentHashMap.newKeySet()).add(emitter));
        all.add(emitter);
        Runnable remove = () -> {
            all.remove(emitter);
            users.forEach(u -> watchers.computeIfPresent(u, (k, set) -> {
                set.remove(emitter);
                return set.isEmpty() ? null : set;
            }));
        };
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
        for (String u : users) {
            send(emitter, event(reader.get(u)));
        }
        return emitter;
    }

    private void onChange(UserPresence p) {
        Set<SseEmitter> set = watchers.get(p.userId());
        if (set != null) {
            List<SseEmitter> targets = List.copyOf(set);
            sender.execute(() -> targets.forEach(e -> send(e, event(p))));
        }
    }

    private static SseEmitter.SseEventBuilder event(UserPresence p) {
        return SseEmitter.event().name("status").data(ContractJson.write(PresenceView.of(p)));
    }

    private static void send(SseEmitter emitter, SseEmitter.SseEventBuilder event) {
        try {
            emitter.send(event);
        } catch (IOException | IllegalStateException e) {
            emitter.completeWithError(e);
        }
    }

    @Override
    public void destroy() {
        keepAlive.shutdownNow();
        sender.shutdownNow();
        all.forEach(SseEmitter::complete);
    }
}
