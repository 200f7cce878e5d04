package im.security.web;

import im.protocol.ErrorCode;
import im.security.token.UserTokens;
import im.web.error.ErrorMetrics;
import im.web.error.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Every refusal of the security filters as a counted problem: 401 {@code unauthenticated} or {@code
 * token_expired} (with {@code WWW-Authenticate: Bearer}), 403 {@code forbidden}, and 503 {@code
 * unavailable} when a token could not be checked because the identity provider's key set could not be
 * fetched. {@code missing} is the detail when no credentials came at all.
 */
public final class SecurityProblems
        implements AuthenticationEntryPoint, AccessDeniedHandler, AuthenticationFailureHandler {

    /** Request attribute: why static-token authentication failed, for the 401's detail. */
    static final String REASON = SecurityProblems.class.getName() + ".reason";

    private final ErrorMetrics metrics;
    private final String missing;

    public SecurityProblems(ErrorMetrics metrics, String missing) {
        this.metrics = metrics;
        this.missing = missing;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (e instanceof InvalidBearerTokenException) {
            write(request, response, UserTokens.codeOf(e), UserTokens.messageOf(e));
            return;
        }
        if (e instanceof org.springframework.security.authentication.AuthenticationServiceException) {
            write(request, response, ErrorCode.UNAVAILABLE, "the token could not be checked now; retry");
            return;
        }
        Object reason = request.getAttribute(REASON);
        write(request, response, ErrorCode.UNAUTHENTICATED, reason instanceof String r ? r : missing);
    }

    @Override
    public void onAuthenticationFailure(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
        commence(request, response, e);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        write(request, response, ErrorCode.FORBIDDEN, "the caller may not do this");
    }

    private void write(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String detail)
            throws IOException {
        metrics.count(code);
        Problems.write(response, code, detail, request.getRequestURI());
    }
}
