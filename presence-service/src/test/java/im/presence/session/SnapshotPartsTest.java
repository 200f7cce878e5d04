package im.presence.session;

import static org.assertj.core.api.Assertions.assertThat;

import im.contracts.presence.SessionEvent;
import im.contracts.presence.SessionEvent.UserSession;
import im.contracts.presence.SessionInfo;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A node's snapshot is reconciled only whole: parts in order, of one snapshot, none missing. */
class SnapshotPartsTest {

    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    private final SnapshotParts parts = new SnapshotParts();

    private static UserSession session(String user) {
        return new UserSession(user, new SessionInfo("s-" + user, "gw-1", "phone", AT));
    }

    private static SessionEvent part(String snapshot, int part, int of, String... users) {
        List<UserSession> sessions =
                java.util.Arrays.stream(users).map(SnapshotPartsTest::session).toList();
        return SessionEvent.snapshotPart("gw-1", sessions, AT, snapshot, part, of);
    }

    @Test
    void aSnapshotInOnePartIsHandedOverAtOnce() {
        assertThat(parts.add(SessionEvent.snapshot("gw-1", List.of(session("ann")), AT)))
                .extracting(UserSession::userId)
                .containsExactly("ann");
    }

    @Test
    void theSessionsOfAllPartsComeTogetherWithTheLastPart() {
        assertThat(parts.add(part("a", 0, 3, "ann", "bob"))).isNull();
        assertThat(parts.add(part("a", 1, 3, "cat"))).isNull();
        assertThat(parts.add(part("a", 2, 3, "dan")))
                .extracting(UserSession::userId)
                .containsExactly("ann", "bob", "cat", "dan");
    }

    @Test
    void aMissingPartDropsTheSnapshotRatherThanReconcilingHalfOfIt() {
        assertThat(parts.add(part("a", 0, 3, "ann"))).isNull();
        assertThat(parts.add(part("a", 2, 3, "dan"))).isNull();
        assertThat(parts.add(part("b", 0, 1, "ann"))).hasSize(1);
    }

    @Test
    void aNewerSnapshotReplacesAnUnfinishedOlderOne() {
        assertThat(parts.add(part("a", 0, 2, "ann"))).isNull();
        assertThat(parts.add(part("b", 0, 2, "bob"))).isNull();
        assertThat(parts.add(part("a", 1, 2, "late"))).isNull();
        assertThat(parts.add(part("b", 1, 2, "cat")))
                .extracting(UserSession::userId)
                .containsExactly("bob", "cat");
    }

    @Test
    void joiningInTheMiddleOfASnapshotWaitsForTheNextOne() {
        assertThat(parts.add(part("a", 1, 2, "bob"))).isNull();
        assertThat(parts.add(part("b", 0, 2, "ann"))).isNull();
        assertThat(parts.add(part("b", 1, 2, "bob"))).hasSize(2);
    }

    @Test
    void eachNodeCollectsItsOwnParts() {
        assertThat(parts.add(part("a", 0, 2, "ann"))).isNull();
        SessionEvent other = SessionEvent.snapshotPart(
                "gw-2", List.of(new UserSession("zed", new SessionInfo("s", "gw-2", "web", AT))), AT, "z", 0, 2);
        assertThat(parts.add(other)).isNull();
        assertThat(parts.add(part("a", 1, 2, "bob"))).hasSize(2);
    }
}
