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

/** Table 3's ordering rules: whichever source answers last, the newest version wins. */
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

        table.ensure(GROUP, 2); // already there: no reload
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

        table.ensure(GROUP, 6);

        assertThat(directory.reloads).isEqualTo(1);
        assertThat(table.members(GROUP)).containsExactly("cid");
        // The late events change nothing; an older one cannot undo the reload.
        table.apply(new GroupMemberEvent(GROUP, "ann", Change.ADDED, 5));
        assertThat(table.members(GROUP)).containsExactly("cid");
    }

    @Test
    void aGroupThisNodeNeverSawIsLoadedAtOnce() {
        table.arrived("eve");
        directory.members = List.of(row("eve", 9));

        table.ensure(GROUP, 9);

        assertThat(directory.reloads).isEqualTo(1);
        assertThat(table.members(GROUP)).containsExactly("eve");
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
}
