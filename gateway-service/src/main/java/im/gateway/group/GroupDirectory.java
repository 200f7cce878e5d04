package im.gateway.group;

import im.gateway.GatewayProperties;
import im.gateway.internal.InternalCalls;
import im.security.OperatorProperties;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
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

    /** Every group of {@code userId}, each with its version at the time its page was read. */
    List<Row> groupsOf(String userId) {
        List<Row> all = new ArrayList<>();
        UUID after = new UUID(0, 0);
        while (true) {
            List<Row> page = rest.get()
                    .uri("/internal/users/{u}/groups?afterGroup={a}&limit={l}", userId, after, PAGE)
                    .retrieve()
                    .body(ROWS);
            all.addAll(page);
            if (page.size() < PAGE) {
                return all;
            }
            after = page.get(page.size() - 1).groupId();
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
