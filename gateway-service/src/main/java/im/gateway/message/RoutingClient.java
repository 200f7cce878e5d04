package im.gateway.message;

import im.contracts.message.MessagePage;
import im.contracts.message.SyncState;
import im.gateway.GatewayProperties;
import im.gateway.internal.InternalCalls;
import im.protocol.ErrorCode;
import im.protocol.ImException;
import im.security.OperatorProperties;
import java.net.http.HttpClient;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/** Reads stored messages from routing-service for {@code sync}, on its internal API. */
@Component
class RoutingClient {

    private final RestClient rest;

    RoutingClient(GatewayProperties properties, OperatorProperties tokens) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(properties.routing().timeout())
                .build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(properties.routing().timeout());
        this.rest = RestClient.builder()
                .baseUrl(properties.routing().url().toString())
                .requestFactory(requests)
                .defaultHeaders(h -> InternalCalls.authorize(h, tokens))
                .build();
    }

    /** A page of {@code conversation} for {@code member} (checked by routing for a group conversation). */
    MessagePage page(String conversation, long after, int limit, String member) {
        return call(() -> rest.get()
                .uri(
                        "/internal/conversations/{c}/messages?after={a}&limit={l}&member={m}",
                        conversation,
                        after,
                        limit,
                        member)
                .retrieve()
                .body(MessagePage.class));
    }

    SyncState missing(String userId, String device, String afterConv, int limit) {
        return call(() -> rest.get()
                .uri(
                        "/internal/users/{u}/sync-state?device={d}&afterConv={c}&limit={l}",
                        userId,
                        device,
                        afterConv,
                        limit)
                .retrieve()
                .body(SyncState.class));
    }

    /** One request; routing's 403 (a group page for a non-member) is {@code forbidden}, any other failure {@code unavailable}. */
    private static <T> T call(java.util.function.Supplier<T> request) {
        try {
            return request.get();
        } catch (HttpClientErrorException.Forbidden e) {
            throw new ImException(ErrorCode.FORBIDDEN, "not a member of this group");
        } catch (RestClientException e) {
            throw new ImException(ErrorCode.UNAVAILABLE, "message store unavailable; retry the sync");
        }
    }
}
