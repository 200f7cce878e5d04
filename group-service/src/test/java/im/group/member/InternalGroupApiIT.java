package im.group.member;

import static org.assertj.core.api.Assertions.assertThat;

import im.group.member.GroupHttp.Answer;
import im.infra.SharedInfrastructure;
import im.infra.TestTokens;
import im.infra.junit.InfrastructureExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The gateways' batch lookup of users' groups on the internal API: paging across users, refusals. */
@ExtendWith(InfrastructureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class InternalGroupApiIT {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    private Answer lookup(String body) {
        return GroupHttp.call(
                managementPort,
                "POST",
                "/internal/users/groups",
                SharedInfrastructure.get().internalToken(),
                body);
    }

    private String group(String owner, String... members) {
        String g = GroupHttp.call(port, "POST", "/groups", TestTokens.mint(owner), "{\"name\":\"batch\"}")
                .body()
                .get("id")
                .asString();
        for (String m : members) {
            assertThat(GroupHttp.call(port, "PUT", "/groups/" + g + "/members/" + m, TestTokens.mint(owner), null)
                            .status())
                    .isEqualTo(200);
        }
        return g;
    }

    @Test
    void severalUsersGroupsComeInOneRequestAndPageAcrossUsersInOrder() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String ann = "a-" + tag, bob = "b-" + tag, cid = "c-" + tag, nobody = "n-" + tag;
        group(ann, bob);
        group(ann, bob, cid);
        group(bob);
        String users = "\"users\":[\"" + ann + "\",\"" + bob + "\",\"" + cid + "\",\"" + nobody + "\"]";
        // ann: 2 groups, bob: 3, cid: 1, nobody: 0 — six rows, read two at a time.
        List<String> seen = new ArrayList<>();
        String afterUser = "";
        String afterGroup = null;
        for (int page = 0; page < 10; page++) {
            String cursor = ",\"afterUser\":\"" + afterUser + "\""
                    + (afterGroup == null ? "" : ",\"afterGroup\":\"" + afterGroup + "\"");
            Answer a = lookup("{" + users + cursor + ",\"limit\":2}");
            assertThat(a.status()).isEqualTo(200);
            for (JsonNode row : a.body()) {
                seen.add(row.get("userId").asString());
                assertThat(row.get("groupVersion").asLong()).isPositive();
            }
            if (a.body().size() < 2) {
                break;
            }
            JsonNode last = a.body().get(a.body().size() - 1);
            afterUser = last.get("userId").asString();
            afterGroup = last.get("groupId").asString();
        }
        assertThat(seen).containsExactly(ann, ann, bob, bob, bob, cid);
    }

    @Test
    void aLookupWithoutTheServicesTokenOrWithBadUsersIsRefused() {
        assertThat(GroupHttp.call(managementPort, "POST", "/internal/users/groups", null, "{\"users\":[\"x\"]}")
                        .status())
                .isEqualTo(401);
        assertThat(GroupHttp.call(
                                managementPort,
                                "POST",
                                "/internal/users/groups",
                                TestTokens.mint("x"),
                                "{\"users\":[\"x\"]}")
                        .status())
                .isEqualTo(401);
        Answer empty = lookup("{\"users\":[]}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body().get("code").asString()).isEqualTo("validation_failed");
        assertThat(lookup("{\"users\":[\"a:b\"]}").body().get("code").asString())
                .isEqualTo("validation_failed");
        StringBuilder many = new StringBuilder("{\"users\":[");
        for (int i = 0; i <= InternalGroupController.MAX_USERS; i++) {
            many.append(i == 0 ? "" : ",").append("\"u").append(i).append('"');
        }
        assertThat(lookup(many.append("]}").toString()).status()).isEqualTo(400);
        assertThat(lookup("{\"users\":[\"x\"],\"limit\":0}").status()).isEqualTo(400);
    }
}
