package im.web.admin;

import im.protocol.ErrorCode;
import im.protocol.ImException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Lets an {@code /admin/**} request through only with {@code Authorization: Bearer <im.admin.token>}.
 * A refusal is an {@link ImException} with {@code unauthenticated}, which the shared {@code
 * ApiExceptionHandler} answers as a 401 problem with {@code WWW-Authenticate: Bearer} and counts.
 *
 * <p>A Spring MVC interceptor rather than a servlet filter: it is matched with the same path patterns
 * and the same parsed path as the handler mappings, so no spelling of a URL (double slashes, path
 * parameters, encodings) reaches an admin handler without passing here. The comparison is of SHA-256
 * digests with {@link MessageDigest#isEqual}, in time independent of where the tokens differ and of
 * their lengths.
 */
final class AdminTokenCheck implements HandlerInterceptor {

    private final byte[] expected;

    AdminTokenCheck(AdminProperties properties) {
        this.expected = properties.enabled() ? sha256(properties.token()) : null;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (expected == null) {
            throw new ImException(
                    ErrorCode.UNAUTHENTICATED,
                    "the admin API is closed: no admin token is configured on this service (im.admin.token)");
        }
        String presented = bearer(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (presented == null) {
            throw new ImException(ErrorCode.UNAUTHENTICATED, "admin endpoints need 'Authorization: Bearer <token>'");
        }
        if (!MessageDigest.isEqual(expected, sha256(presented))) {
            throw new ImException(ErrorCode.UNAUTHENTICATED, "wrong admin token");
        }
        return true;
    }

    /** The credentials of a {@code Bearer} authorization (scheme case-insensitive, RFC 9110 §11.1), else null. */
    static String bearer(String authorization) {
        if (authorization == null || authorization.length() <= 7) {
            return null;
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
