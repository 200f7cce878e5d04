package im.gateway.message;

import im.common.error.ErrorCode;
import im.common.error.ImException;
import im.common.message.MessagePage;
import im.common.message.SyncState;
import im.gateway.GatewayProperties;
import java.net.http.HttpClient;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/** Reads stored messages from routing-service for {@code sync}. */
@Component
class RoutingClient {

    private final RestClient rest;

    RoutingClient(GatewayProperties properties) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(properties.routing().timeout())
                .build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(properties.routing().timeout());
        this.rest = RestClient.builder()
                .baseUrl(properties.routing().url().toString())
                .requestFactory(requests)
                .build();
    }

    MessagePage page(String conversation, long after, int limit) {
        return call(() -> rest.get()
                .uri("/conversations/{c}/messages?after={a}&limit={l}", conversation, after, limit)
                .retrieve()
                .body(MessagePage.class));
    }

    SyncState missing(String userId, String device, String afterConv, int limit) {
        return call(() -> rest.get()
                .uri("/users/{u}/sync-state?device={d}&afterConv={c}&limit={l}", userId, device, afterConv, limit)
                .retrieve()
                .body(SyncState.class));
    }

    private static <T> T call(java.util.function.Supplier<T> request) {
        try {
            return request.get();
        } catch (RestClientException e) {
            throw new ImException(ErrorCode.UNAVAILABLE, "message store unavailable; retry the sync");
        }
    }
}
