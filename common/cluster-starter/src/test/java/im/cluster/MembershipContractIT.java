package im.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import im.infra.Infrastructure;
import im.infra.junit.InfrastructureExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One contract, two implementations: three members, each with its own client connections (as three
 * processes would have), observed through the rings they build.
 */
@ExtendWith(InfrastructureExtension.class)
abstract class MembershipContractIT {

    /** Crash detection bound asserted below: TTL 2 s + notification delay, as documented. */
    static final Duration DETECTION_BOUND = Duration.ofSeconds(3);

    protected Infrastructure infra;
    protected MembershipProperties properties;
    private final List<Membership> nodes = new ArrayList<>();

    /** A membership with its own client connections, as a separate process would have. */
    protected abstract Membership newMember();

    protected abstract MembershipProperties properties(String namespace);

    /** Restarts the membership server (Redis or etcd). */
    protected abstract void restartServer();

    /** Registrations the server holds now, read directly (not through a membership). */
    protected abstract Set<String> registrationsOnServer();

    /**
     * Removes one member's registration on the server behind its back, as a stall past the TTL (a long
     * collection, a frozen process) or an operator's mistake would: the member itself keeps running.
     */
    protected abstract void dropRegistration(String id);

    @BeforeEach
    void setUp(Infrastructure infra) {
        this.infra = infra;
        this.properties = properties("it" + System.nanoTime());
    }

    @AfterEach
    void tearDown() {
        nodes.forEach(Membership::close);
    }

    private record Started(Membership membership, RingHolder ring, String id) {}

    private Started member(String id) {
        Membership membership = newMember();
        nodes.add(membership);
        RingHolder ring =
                new RingHolder(new RingProperties(64), new SimpleMeterRegistry(), Clock.systemUTC()).follow(membership);
        membership.start();
        Instant now = Instant.now();
        membership.join(new Member(id, "ws://127.0.0.1/" + id, 1, now, now));
        return new Started(membership, ring, id);
    }

    @Test
    void threeMembersSeeEachOtherAndAgreeOnTheRingSignature() {
        List<Started> all = List.of(member("gw-a"), member("gw-b"), member("gw-c"));
        // Three registrations at once, each with its own connection: a start-up figure, not a bound
        // anyone relies on (joins are: the next test), so the limit leaves room for a busy machine.
        long ms = await(
                Duration.ofSeconds(5),
                () -> all.stream().allMatch(s -> nodesOf(s).size() == 3));
        System.out.printf("[membership %s] 3 members converged in %d ms%n", kind(), ms);
        assertThat(all.stream().map(s -> s.ring().current().ring().signature()).distinct())
                .hasSize(1);
    }

    @Test
    void aNewMemberAppearsInEveryRingWithinOneSecond() {
        List<Started> first = List.of(member("gw-a"), member("gw-b"));
        await(
                Duration.ofSeconds(10),
                () -> first.stream().allMatch(s -> nodesOf(s).size() == 2));
        Started joiner = member("gw-c");
        List<Started> all = List.of(first.get(0), first.get(1), joiner);
        long ms = await(
                Duration.ofSeconds(1),
                () -> all.stream().allMatch(s -> nodesOf(s).contains("gw-c")));
        System.out.printf("[membership %s] join seen by all in %d ms%n", kind(), ms);
        assertThat(all.stream().map(s -> s.ring().current().ring().signature()).distinct())
                .hasSize(1);
    }

    @Test
    void aKilledMemberLeavesEveryRingWithinTheDetectionBound() {
        List<Started> all = List.of(member("gw-a"), member("gw-b"), member("gw-c"));
        awaitAllSeeEachOther(all);
        Started victim = all.get(2);
        // A crash: heartbeats stop, connections drop, nothing is deregistered.
        victim.membership().abandon();
        List<Started> survivors = all.subList(0, 2);
        long ms = await(
                DETECTION_BOUND.plusSeconds(2),
                () -> survivors.stream().noneMatch(s -> nodesOf(s).contains("gw-c")));
        System.out.printf(
                "[membership %s] crash detected by all survivors in %d ms (bound %d ms)%n",
                kind(), ms, DETECTION_BOUND.toMillis());
        assertThat(ms).isLessThanOrEqualTo(DETECTION_BOUND.toMillis());
        assertThat(survivors.stream()
                        .map(s -> s.ring().current().ring().signature())
                        .distinct())
                .hasSize(1);
    }

    @Test
    void aGracefulLeaveIsSeenInUnderOneSecond() {
        List<Started> all = List.of(member("gw-a"), member("gw-b"), member("gw-c"));
        awaitAllSeeEachOther(all);
        all.get(2).membership().close();
        long ms = await(
                Duration.ofSeconds(1),
                () -> all.subList(0, 2).stream().noneMatch(s -> nodesOf(s).contains("gw-c")));
        System.out.printf("[membership %s] graceful leave seen in %d ms%n", kind(), ms);
    }

    @Test
    void membersReRegisterAndConvergeAfterTheServerRestarts() throws InterruptedException {
        List<Started> all = List.of(member("gw-a"), member("gw-b"), member("gw-c"));
        awaitAllSeeEachOther(all);
        Set<String> everyone = Set.of("gw-a", "gw-b", "gw-c");
        restartServer();
        // Redis comes back empty: the members must write themselves back. etcd keeps its data.
        long ms = await(
                Duration.ofSeconds(15),
                () -> registrationsOnServer().equals(everyone)
                        && all.stream()
                                .allMatch(s -> nodesOf(s).equals(everyone)
                                        && s.ring()
                                                .current()
                                                .ring()
                                                .signature()
                                                .equals(all.get(0)
                                                        .ring()
                                                        .current()
                                                        .ring()
                                                        .signature())));
        System.out.printf("[membership %s] registrations and rings converged %d ms after the restart%n", kind(), ms);
        // Still detecting afterwards. Wait one TTL first: etcd extends every lease by its election
        // timeout when a leader takes over (docs/operations.md), a one-off that a renewal clears.
        Thread.sleep(properties.ttl().toMillis());
        all.get(2).membership().abandon();
        long crash = await(
                DETECTION_BOUND.plusSeconds(2),
                () -> all.subList(0, 2).stream().noneMatch(s -> nodesOf(s).contains("gw-c")));
        System.out.printf("[membership %s] crash after the restart detected in %d ms%n", kind(), crash);
        assertThat(crash).isLessThanOrEqualTo(DETECTION_BOUND.toMillis());
    }

    @Test
    void aLiveMemberWhoseRegistrationVanishedRegistersAgainAndEveryRingTakesItBack() {
        List<Started> all = List.of(member("gw-a"), member("gw-b"), member("gw-c"));
        awaitAllSeeEachOther(all);
        Set<String> everyone = Set.of("gw-a", "gw-b", "gw-c");
        dropRegistration("gw-c");
        // A node that lost its registration but still holds its users must get back on every ring;
        // otherwise nothing is routed to it and its users sit there unreachable.
        long ms = await(
                Duration.ofSeconds(6),
                () -> registrationsOnServer().equals(everyone)
                        && all.stream().allMatch(s -> nodesOf(s).equals(everyone)));
        System.out.printf("[membership %s] vanished registration restored in every ring in %d ms%n", kind(), ms);
    }

    private String kind() {
        return getClass().getSimpleName().replace("MembershipIT", "").toLowerCase();
    }

    private static Set<String> nodesOf(Started s) {
        return s.ring().current().ring().nodes().stream().collect(Collectors.toSet());
    }

    /** Waits until {@code condition} holds; returns the milliseconds it took, fails after {@code max}. */
    @Test
    void aMemberWhoseMembershipThreadIsBusyPastTheTtlStaysOnEveryRing() {
        Started slow = member("gw-a");
        Started other = member("gw-b");
        await(
                Duration.ofSeconds(10),
                () -> nodesOf(slow).size() == 2 && nodesOf(other).size() == 2);
        // A listener that holds the membership thread for twice the TTL, as heavy work on a ring change
        // would: heartbeats must not wait for it.
        long hold = properties.ttl().toMillis() * 2;
        slow.membership().addListener(change -> {
            try {
                Thread.sleep(hold);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Started joiner = member("gw-c");
        await(
                Duration.ofSeconds(5),
                () -> nodesOf(other).contains("gw-c") && nodesOf(joiner).size() == 3);
        long until = System.nanoTime() + (hold + 1000) * 1_000_000;
        while (System.nanoTime() < until) {
            assertThat(nodesOf(other)).as("gw-a on gw-b's ring").contains("gw-a");
            assertThat(nodesOf(joiner)).as("gw-a on gw-c's ring").contains("gw-a");
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    /**
     * Setup, not a measured bound: every member sees all three. Generous, because three members
     * registering at once on a busy two-core machine (etcd leases, Redis scripts) can take seconds.
     */
    private void awaitAllSeeEachOther(List<Started> all) {
        await(
                Duration.ofSeconds(10),
                () -> all.stream().allMatch(s -> nodesOf(s).size() == 3));
    }

    static long await(Duration max, BooleanSupplier condition) {
        long t0 = System.nanoTime();
        long deadline = t0 + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("condition not met within " + max);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
