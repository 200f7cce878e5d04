package im.cluster;

import java.util.Map;
import java.util.function.Consumer;

/**
 * The live set of gateway nodes, shared by every service that routes. Two implementations, chosen by
 * {@code im.membership.type}: Redis (default) and etcd. Gateways {@link #join} it; every service
 * observes it, and each change is delivered to listeners on one thread, in order.
 */
public interface Membership extends AutoCloseable {

    /** Starts observing: loads the current members and begins watching for changes. Idempotent. */
    void start();

    /** Registers {@code self} and keeps the registration alive until {@link #close()}. */
    void join(Member self);

    /** The members known now, by id (never null; empty before the first load). */
    Map<String, Member> members();

    /** Called with every change after it is applied; listeners must not block for long. */
    void addListener(Consumer<MembershipChange> listener);

    /**
     * Deregisters at once so others see the leave in well under a second, and keeps observing. The
     * first step of a graceful shutdown: no new traffic is placed here while the node drains.
     */
    void leave();

    /** {@link #leave()} if joined, then stops observing. */
    @Override
    void close();

    /**
     * Stops heartbeats and watching <em>without</em> deregistering, as a crash would; others detect the
     * loss through expiry. For failure tests and for fencing a node that must stop serving.
     */
    void abandon();
}
