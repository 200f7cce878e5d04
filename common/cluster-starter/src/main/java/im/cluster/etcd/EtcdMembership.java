package im.cluster.etcd;

import im.cluster.AbstractMembership;
import im.cluster.Member;
import im.cluster.MemberCodec;
import im.cluster.MembershipProperties;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.LeaseOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.support.CloseableClient;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Membership in etcd: one key per node under a prefix, attached to a lease with a TTL that the node
 * keeps alive. A crash stops the keep-alive, the lease expires and etcd deletes the key; a graceful
 * leave revokes the lease, which deletes the key at once. Observers list the prefix and then Watch
 * it <em>from the listed revision + 1</em>, so no event between the two is missed; a broken watch is
 * replaced by a fresh list + watch. A node that loses its lease (etcd restart, long partition)
 * registers again with a new one.
 */
public final class EtcdMembership extends AbstractMembership {

    private static final Logger log = LoggerFactory.getLogger(EtcdMembership.class);

    private final Client client;
    private final ByteSequence prefix;
    private final boolean ownsClient;
    private volatile Member self;
    private volatile long leaseId;
    private volatile CloseableClient keepAlive;
    private volatile Watch.Watcher watcher;
    private volatile long watchGeneration; // written on the membership thread only
    private volatile boolean started;

    public EtcdMembership(Client client, MembershipProperties properties, Clock clock) {
        this(client, properties, clock, false);
    }

    private EtcdMembership(Client client, MembershipProperties properties, Clock clock, boolean ownsClient) {
        super(properties, clock, "etcd");
        this.client = client;
        this.ownsClient = ownsClient;
        this.prefix = bytes(properties.etcdPrefix());
    }

    /** A membership with its own etcd client, closed when it stops (several members in one JVM). */
    public static EtcdMembership connect(
            java.util.List<String> endpoints, MembershipProperties properties, Clock clock) {
        Client client =
                Client.builder().endpoints(endpoints.toArray(String[]::new)).build();
        return new EtcdMembership(client, properties, clock, true);
    }

    @Override
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        submit("list and watch", () -> listAndWatch("initial load"));
    }

    /** Lists the prefix, applies it, and watches from the next revision. Runs on the membership thread. */
    private void listAndWatch(String reason) {
        if (stopped) {
            return;
        }
        // A watch closed here completes its listener: only the current watch's end may start a resync,
        // or every resync would close the last watch and so start the next one, forever.
        long generation = ++watchGeneration;
        Watch.Watcher old = watcher;
        if (old != null) {
            old.close();
        }
        var response = get(client.getKVClient()
                .get(prefix, GetOption.builder().isPrefix(true).build()));
        Map<String, Member> next = new HashMap<>();
        for (KeyValue kv : response.getKvs()) {
            decode(kv, next);
        }
        apply(next, reason);
        long revision = response.getHeader().getRevision();
        watcher = client.getWatchClient()
                .watch(
                        prefix,
                        WatchOption.builder()
                                .isPrefix(true)
                                .withRevision(revision + 1)
                                .build(),
                        Watch.listener(
                                r -> submit("watch event", () -> onWatch(r)),
                                e -> retryIfCurrent(generation, "watch failed: " + e),
                                () -> retryIfCurrent(generation, "watch completed")));
    }

    private void retryIfCurrent(long generation, String why) {
        if (generation == watchGeneration) {
            retry(why);
        }
    }

    private void onWatch(WatchResponse response) {
        Map<String, Member> next = new HashMap<>(members());
        for (WatchEvent e : response.getEvents()) {
            String id = idOf(e.getKeyValue());
            if (e.getEventType() == WatchEvent.EventType.DELETE) {
                next.remove(id);
            } else if (e.getEventType() == WatchEvent.EventType.PUT) {
                decode(e.getKeyValue(), next);
            }
        }
        apply(next, "watch");
    }

    private void retry(String why) {
        if (stopped) {
            return;
        }
        log.warn("etcd membership: {}; listing again", why);
        executor.schedule(
                () -> {
                    try {
                        listAndWatch("resync after " + why);
                    } catch (RuntimeException e) {
                        retry("resync failed: " + e);
                    }
                },
                properties.heartbeat().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void join(Member member) {
        start();
        this.self = member;
        submit("register", this::register);
        // jetcd renews the lease itself (every TTL/3); this check catches a lease lost anyway
        // (etcd restarted without it, keep-alive stream broken) and registers again.
        scheduleEvery("lease check", properties.heartbeat(), this::checkLease);
    }

    private void register() {
        Member me = self;
        if (me == null || stopped) {
            return;
        }
        CloseableClient previous = keepAlive;
        if (previous != null) {
            previous.close();
        }
        long ttlSeconds = properties.ttl().toSeconds();
        long lease = get(client.getLeaseClient().grant(ttlSeconds)).getID();
        get(client.getKVClient()
                .put(
                        keyOf(me.id()),
                        bytes(MemberCodec.encode(me)),
                        PutOption.builder().withLeaseId(lease).build()));
        leaseId = lease;
        keepAlive = client.getLeaseClient().keepAlive(lease, new StreamObserver<LeaseKeepAliveResponse>() {
            @Override
            public void onNext(LeaseKeepAliveResponse value) {}

            @Override
            public void onError(Throwable t) {
                submit("re-register", () -> reRegister("keep-alive failed: " + t));
            }

            @Override
            public void onCompleted() {
                submit("re-register", () -> reRegister("keep-alive ended"));
            }
        });
        log.info("registered {} in etcd with lease {} (TTL {} s)", me.id(), Long.toHexString(lease), ttlSeconds);
    }

    private void checkLease() {
        if (self == null || stopped) {
            return;
        }
        long ttl = get(client.getLeaseClient().timeToLive(leaseId, LeaseOption.DEFAULT))
                .getTTL();
        if (ttl <= 0) {
            reRegister("lease " + Long.toHexString(leaseId) + " is gone");
        }
    }

    private void reRegister(String why) {
        if (self == null || stopped) {
            return;
        }
        log.info("etcd membership: {}; registering again", why);
        register();
    }

    @Override
    public synchronized void leave() {
        Member me = self;
        self = null;
        if (me == null) {
            return;
        }
        CloseableClient ka = keepAlive;
        if (ka != null) {
            ka.close();
        }
        try {
            // Revoking deletes the key now; watchers see DELETE within milliseconds.
            client.getLeaseClient().revoke(leaseId).get(2, TimeUnit.SECONDS);
            log.info("deregistered {} from etcd", me.id());
        } catch (Exception e) {
            log.warn(
                    "could not revoke lease of {} ({}); others will see it expire within {}",
                    me.id(),
                    e.toString(),
                    properties.ttl());
        }
    }

    @Override
    public synchronized void abandon() {
        stopped = true;
        self = null;
        CloseableClient ka = keepAlive;
        if (ka != null) {
            ka.close();
        }
        Watch.Watcher w = watcher;
        if (w != null) {
            w.close();
        }
        stopExecutor();
        if (ownsClient) {
            client.close();
        }
    }

    private void decode(KeyValue kv, Map<String, Member> into) {
        String id = idOf(kv);
        try {
            into.put(id, MemberCodec.decode(id, kv.getValue().toString(StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException bad) {
            log.warn("ignoring {}: {}", id, bad.getMessage());
        }
    }

    private String idOf(KeyValue kv) {
        return kv.getKey()
                .toString(StandardCharsets.UTF_8)
                .substring(properties.etcdPrefix().length());
    }

    private ByteSequence keyOf(String id) {
        return bytes(properties.etcdPrefix() + id);
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    private static <T> T get(java.util.concurrent.CompletableFuture<T> f) {
        try {
            return f.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("etcd: " + e.getMessage(), e);
        }
    }
}
