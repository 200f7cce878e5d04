package im.gateway.group;

import static org.assertj.core.api.Assertions.assertThat;

import im.contracts.group.GroupMemberEvent;
import im.contracts.group.GroupMemberEvent.Change;
import im.gateway.GatewayProperties;
import im.security.OperatorProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The local members' ordering rules: whichever source answers last, the newest version wins. */
class LocalGroupsTest {

    private static final UUID G = UUID.fromString("6c1e0a8e-5b1f-4c1a-9a57-0b8f5b0d2f11");
    private static final String GROUP = G.toString();

    /** group-service's member list, as this test sets it; counts the reloads. */
    private static final class Directory extends GroupDirectory {
        List<GroupDirectory.Row> members = List.of();
        int reloads;

        Directory(GatewayProperties p) {
            super(p, new OperatorProperties(null, null));
        }

        @Override
        List<GroupDirectory.Row> members(String groupId) {
            reloads++;
            return members;
        }
    }

    private final GatewayProperties properties = new Binder(
                    new MapConfigurationPropertySource(Map.of("im.gateway.groups.event-wait", "50ms")))
            .bind("im.gateway", GatewayProperties.class)
            .get();
    private final Directory directory = new Directory(properties);
    private final LocalGroups table = new LocalGroups(directory, properties, new SimpleMeterRegistry());

    private final GroupFanout fanout = new GroupFanout(table, properties);

    /** Hands a message at {@code version} to the fan-out and waits for its members. */
    private List<String> deliverAndWait(long version) {
        java.util.concurrent.CompletableFuture<List<String>> members = new java.util.concurrent.CompletableFuture<>();
        fanout.deliver(GROUP, version, members::complete);
        return members.orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join();
    }

    @org.junit.jupiter.api.AfterEach
    void stopFanout() {
        fanout.destroy();
    }

    private static GroupDirectory.Row row(String user, long version) {
        return new GroupDirectory.Row(G, user, "MEMBER", version);
    }

    @Test
    void aLoginLoadOlderThanARemovalEventDoesNotBringTheMemberBack() {
        table.arrived("ann");
        // The removal (version 7) is consumed while ann's groups are being loaded at version 6.
        table.apply(new GroupMemberEvent(GROUP, "ann", Change.REMOVED, 7));
        table.loaded("ann", List.of(row("ann", 6)));

        assertThat(table.members(GROUP)).isEmpty();
    }

    @Test
    void anAddEventForAUserBeingLoadedIsKept() {
        table.arrived("bob");
        table.apply(new GroupMemberEvent(GROUP, "bob", Change.ADDED, 3));
        table.loaded("bob", List.of()); // read before the add committed

        assertThat(table.members(GROUP)).containsExactly("bob");
        assertThat(table.drainDirty()).containsExactly(GROUP);
    }

    @Test
    void eventsAboutUsersNotOnThisNodeAreNotKeptButAdvanceTheVersion() {
        table.arrived("ann");
        table.loaded("ann", List.of(row("ann", 1)));
        table.apply(new GroupMemberEvent(GROUP, "zed", Change.ADDED, 2));

        assertThat(table.reached(GROUP, 2)).isTrue(); // a message at version 2 needs no reload
        assertThat(directory.reloads).isZero();
        assertThat(table.members(GROUP)).containsExactly("ann");
    }

    @Test
    void aMessageNewerThanTheTableWaitsForEventsThenReloadsTheGroup() {
        table.arrived("ann");
        table.arrived("cid");
        table.loaded("ann", List.of(row("ann", 4)));
        table.apply(new GroupMemberEvent(GROUP, "ann", Change.ADDED, 4));
        // Version 6 removed ann and added cid; neither event arrived.
        directory.members = List.of(row("cid", 6), row("dan", 6));

        List<String> fannedOut = deliverAndWait(6);

        assertThat(directory.reloads).isEqualTo(1);
        assertThat(fannedOut).containsExactly("cid");
        assertThat(table.members(GROUP)).containsExactly("cid");
        // The late events change nothing; an older one cannot undo the reload.
        table.apply(new GroupMemberEvent(GROUP, "ann", Change.ADDED, 5));
        assertThat(table.members(GROUP)).containsExactly("cid");
    }

    @Test
    void aGroupThisNodeNeverSawIsLoadedAtOnce() {
        table.arrived("eve");
        directory.members = List.of(row("eve", 9));

        assertThat(deliverAndWait(9)).containsExactly("eve");
        assertThat(directory.reloads).isEqualTo(1);
    }

    @Test
    void groupsWithoutALocalUserAreNotTrackedAndAreForgottenWhenTheLastOneLeaves() {
        table.apply(new GroupMemberEvent(GROUP, "zed", Change.ADDED, 1));
        table.apply(new GroupMemberEvent(UUID.randomUUID().toString(), "yan", Change.ADDED, 1));
        assertThat(table.tracked()).isZero();

        table.arrived("ann");
        table.loaded("ann", List.of(row("ann", 2)));
        assertThat(table.tracked()).isEqualTo(1);
        table.left("ann");
        assertThat(table.tracked()).isZero();
    }

    @Test
    void aUserLeavingTheNodeLeavesEveryGroupHere() {
        table.arrived("ann");
        table.loaded("ann", List.of(row("ann", 1)));
        table.drainDirty();

        table.left("ann");

        assertThat(table.members(GROUP)).isEmpty();
        assertThat(table.drainDirty()).containsExactly(GROUP);
        List<String> after = new ArrayList<>(table.members(GROUP));
        table.apply(new GroupMemberEvent(GROUP, "ann", Change.ADDED, 2)); // not local any more
        assertThat(table.members(GROUP)).isEqualTo(after);
    }

    @Test
    void aReloadDoesNotStartTrackingTheGroupForEveryLocalUser() {
        for (int i = 0; i < 50; i++) {
            table.arrived("u" + i);
            table.loaded("u" + i, List.of());
        }
        table.arrived("ann");
        table.loaded("ann", List.of(row("ann", 1)));
        directory.members = List.of(row("ann", 2), row("bob", 2));

        deliverAndWait(2);

        assertThat(table.members(GROUP)).containsExactly("ann");
        for (int i = 0; i < 50; i++) {
            table.left("u" + i);
        }
        table.left("ann");
        assertThat(table.tracked()).isZero();
    }

    @Test
    void aGroupsMessagesKeepTheirOrderWhileOneWaitsForTheTable() {
        table.arrived("ann");
        table.loaded("ann", List.of(row("ann", 1)));
        directory.members = List.of(row("ann", 3));
        List<Integer> order = new java.util.concurrent.CopyOnWriteArrayList<>();

        fanout.deliver(GROUP, 3, m -> order.add(1)); // the table is at 1: this one waits
        fanout.deliver(GROUP, 1, m -> order.add(2)); // ready, but must not overtake the first

        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(5))
                .until(() -> order.size() == 2);
        assertThat(order).containsExactly(1, 2);
        assertThat(fanout.waitingGroups()).isZero();
    }

    @Test
    void aChangeEventThatArrivesInTimeSparesTheReload() {
        table.arrived("ann");
        table.loaded("ann", List.of(row("ann", 1)));
        table.apply(new GroupMemberEvent(GROUP, "ann", Change.ADDED, 1));
        java.util.concurrent.CompletableFuture<List<String>> members = new java.util.concurrent.CompletableFuture<>();
        fanout.deliver(GROUP, 2, members::complete);

        table.apply(new GroupMemberEvent(GROUP, "bob", Change.ADDED, 2)); // bob is not on this node

        assertThat(members.orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join())
                .containsExactly("ann");
        assertThat(directory.reloads).isZero();
    }
}
