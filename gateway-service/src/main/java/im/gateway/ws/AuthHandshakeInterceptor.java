package im.gateway.ws;

import im.protocol.ErrorCode;
import im.protocol.ImException;
import im.protocol.Text;
import im.protocol.frame.Limits;
import im.security.token.UserTokens;
import java.util.Map;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
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
    private final ConnectAdmission admission;

    AuthHandshakeInterceptor(UserTokens tokens, ConnectAdmission admission) {
        this.tokens = tokens;
        this.admission = admission;
    }

    @Override
    public boolean beforeHandshake(
            ServerHttpRequest request,
            ServerHttpResponse response,
            WebSocketHandler handler,
            Map<String, Object> attrs) {
        if (!admission.admit()) {
            // Before the token check: a storm must not spend the node's CPU on logins it cannot take.
            attrs.put(REFUSAL, new ImException(ErrorCode.CONNECT_THROTTLED, "too many connects to this node; retry"));
            return true;
        }
        String token;
        String device;
        try {
            MultiValueMap<String, String> query =
                    UriComponentsBuilder.fromUri(request.getURI()).build(true).getQueryParams();
            String header = request.getHeaders().getFirst("Authorization");
            token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? header.substring(7).trim()
                    : decoded(query.getFirst("token"));
            device = decoded(query.getFirst("device"));
        } catch (IllegalArgumentException notEncoded) {
            // Not valid URL encoding ("?device=a=b", "%zz"): a refusal with its code, not a 500
            // whose log line would carry the URL and so the token.
            attrs.put(REFUSAL, new ImException(ErrorCode.INVALID_CONNECT, "the query string is not URL-encoded"));
            return true;
        }
        try {
            attrs.put(DEVICE, device(device));
            attrs.put(USER, tokens.verify(token).userId());
        } catch (ImException e) {
            attrs.put(REFUSAL, e);
        }
        return true;
    }

    /** The device name: {@code default} when absent, else 1 to 64 characters fit to show. */
    static String device(String device) {
        if (device == null || device.isEmpty()) {
            return "default";
        }
        if (!Text.validName(device, Limits.MAX_DEVICE)) {
            throw new ImException(
                    ErrorCode.INVALID_CONNECT,
                    "'device' is 1 to " + Limits.MAX_DEVICE + " characters, without control characters");
        }
        return device;
    }

    private static String decoded(String value) {
        return value == null ? null : java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void afterHandshake(
            ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Exception exception) {}
}
