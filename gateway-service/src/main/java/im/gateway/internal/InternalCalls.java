package im.gateway.internal;

import im.security.OperatorProperties;
import org.springframework.http.HttpHeaders;

/** The credentials this gateway sends to the other services' internal APIs: the services' token. */
public final class InternalCalls {

    private InternalCalls() {}

    /** Adds {@code Authorization: Bearer <im.internal.token>}; without one, the call is refused there (401). */
    public static void authorize(HttpHeaders headers, OperatorProperties tokens) {
        if (tokens.internal().enabled()) {
            headers.setBearerAuth(tokens.internal().token().reveal());
        }
    }
}
