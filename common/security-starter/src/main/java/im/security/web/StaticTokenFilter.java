package im.security.web;

import im.security.OperatorProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates the management side's callers by their static bearer token: the operators' token
 * grants {@value #ADMIN}, the services' token {@value #INTERNAL}. The authorization rules of the chain
 * then decide; a refused request gets its reason in the 401 ({@link SecurityProblems}). Tokens are
 * compared in constant time ({@link im.web.secret.Secret#matches}).
 */
final class StaticTokenFilter extends OncePerRequestFilter {

    static final String ADMIN = "ADMIN";
    static final String INTERNAL = "INTERNAL";

    private final OperatorProperties tokens;

    StaticTokenFilter(OperatorProperties tokens) {
        this.tokens = tokens;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean internal = request.getRequestURI().startsWith("/internal/");
        OperatorProperties.Token expected = internal ? tokens.internal() : tokens.admin();
        String name = internal ? "im.internal.token" : "im.admin.token";
        String presented = bearer(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (!expected.enabled()) {
            request.setAttribute(
                    SecurityProblems.REASON, "closed: no token is configured on this service (" + name + ")");
        } else if (presented == null) {
            request.setAttribute(SecurityProblems.REASON, "this endpoint needs 'Authorization: Bearer <token>'");
        } else if (expected.token().matches(presented)) {
            SecurityContextHolder.getContext().setAuthentication(new Granted(internal ? INTERNAL : ADMIN));
        } else {
            request.setAttribute(SecurityProblems.REASON, "wrong token");
        }
        chain.doFilter(request, response);
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

    /** An authenticated static-token caller with one authority. */
    private static final class Granted extends AbstractAuthenticationToken {

        private final String authority;

        Granted(String authority) {
            super(List.of(new SimpleGrantedAuthority(authority)));
            this.authority = authority;
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return authority.toLowerCase(java.util.Locale.ROOT);
        }
    }
}
