package im.gateway.ws;

import im.protocol.ImException;
import im.security.token.UserTokens;
import java.util.Map;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Reads the token ({@code Authorization: Bearer …}, or the {@code token} query parameter for browsers,
 * which cannot set headers) and the {@code device} parameter. The upgrade is always accepted so that a
 * refusal reaches the client as a documented close code rather than a bare HTTP error.
 */
@Component
class AuthHandshakeInterceptor implements HandshakeInterceptor {

    static final String USER = "im.user";
    static final String DEVICE = "im.device";
    static final String REFUSAL = "im.refusal";

    private final UserTokens tokens;

    AuthHandshakeInterceptor(UserTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public boolean beforeHandshake(
            ServerHttpRequest request,
            ServerHttpResponse response,
            WebSocketHandler handler,
            Map<String, Object> attrs) {
        var query = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams();
        String header = request.getHeaders().getFirst("Authorization");
        String token = header != null && header.startsWith("Bearer ") ? header.substring(7) : query.getFirst("token");
        String device = query.getFirst("device");
        attrs.put(DEVICE, device == null || device.isBlank() ? "default" : device);
        try {
            attrs.put(USER, tokens.verify(token).userId());
        } catch (ImException e) {
            attrs.put(REFUSAL, e);
        }
        return true;
    }

    @Override
    public void afterHandshake(
            ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Exception exception) {}
}
