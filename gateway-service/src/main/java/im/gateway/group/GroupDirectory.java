package im.gateway.group;

import im.gateway.GatewayProperties;
import im.gateway.internal.InternalCalls;
import im.security.OperatorProperties;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/** Asks group-service, on its internal API, which groups a user is in and who a group's members are. */
@Component
class GroupDirectory {

    /** One row of group-service's member lists: a membership and the group's version read with it. */
    record Row(UUID groupId, String userId, String role, long groupVersion) {}

    static final int PAGE = 1000;
    private static final ParameterizedTypeReference<List<Row>> ROWS = new ParameterizedTypeReference<>() {};

    private final RestClient rest;

    GroupDirectory(GatewayProperties properties, OperatorProperties tokens) {
        var settings = properties.groups();
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(settings.timeout());
        this.rest = RestClient.builder()
                .baseUrl(settings.url().toString())
                .requestFactory(requests)
                .defaultHeaders(h -> InternalCalls.authorize(h, tokens))
                .build();
    }

    /** What {@code POST /internal/users/groups} takes: users and the cursor of the page asked for. */
    private record UsersGroups(List<String> users, String afterUser, UUID afterGroup, int limit) {}

    /**
     * Every group of each of {@code users} (at most {@code GroupSessions.BATCH}), in one request per
     * page rather than one per user; a user in no group is absent from the map.
     */
    Map<String, List<Row>> groupsOf(List<String> users) {
        Map<String, List<Row>> byUser = new HashMap<>();
        String afterUser = "";
        UUID afterGroup = new UUID(0, 0);
        while (true) {
            List<Row> page = rest.post()
                    .uri("/internal/users/groups")
                    .body(new UsersGroups(users, afterUser, afterGroup, PAGE))
                    .retrieve()
                    .body(ROWS);
            for (Row r : page) {
                byUser.computeIfAbsent(r.userId(), u -> new ArrayList<>()).add(r);
            }
            if (page.size() < PAGE) {
                return byUser;
            }
            Row last = page.get(page.size() - 1);
            afterUser = last.userId();
            afterGroup = last.groupId();
        }
    }

    /** Every member of {@code groupId}, page by page, each row with the version its page was read at. */
    List<Row> members(String groupId) {
        List<Row> all = new ArrayList<>();
        String after = "";
        while (true) {
            List<Row> page = rest.get()
                    .uri("/internal/groups/{g}/members?afterUser={a}&limit={l}", groupId, after, PAGE)
                    .retrieve()
                    .body(ROWS);
            all.addAll(page);
            if (page.size() < PAGE) {
                return all;
            }
            after = page.get(page.size() - 1).userId();
        }
    }
}
