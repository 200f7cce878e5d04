package im.group.member;

import static org.assertj.core.api.Assertions.assertThat;

import im.group.client.GroupMembers;
import im.infra.TestTokens;
import im.infra.junit.InfrastructureExtension;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The read routing makes for every group message (group-client's {@code joinedWithin}, on this
 * service's schema and migrations): the members who joined within a window, oldest first; nobody once
 * the window has passed.
 */
@ExtendWith(InfrastructureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RecentMembersIT {

    @LocalServerPort
    int port;

    @Autowired
    GroupMembers members;

    @Test
    void theMembersWhoJustJoinedAreListedOldestFirstAndNobodyOutsideTheWindow() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String owner = "o-" + tag, first = "f-" + tag, second = "s-" + tag;
        String g = GroupHttp.call(port, "POST", "/groups", TestTokens.mint(owner), "{\"name\":\"recent\"}")
                .body()
                .get("id")
                .asString();
        for (String m : new String[] {first, second}) {
            assertThat(GroupHttp.call(port, "PUT", "/groups/" + g + "/members/" + m, TestTokens.mint(owner), null)
                            .status())
                    .isEqualTo(200);
        }
        assertThat(members.joinedWithin(g, Duration.ofSeconds(30))).containsExactly(owner, first, second);
        // The window is measured by the database's clock: once 20 ms passed, nobody joined within it.
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> members.joinedWithin(g, Duration.ofMillis(20)).isEmpty());
    }
}
