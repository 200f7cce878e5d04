package im.security.token;

import im.protocol.ErrorCode;
import org.springframework.security.oauth2.jwt.BadJwtException;

/** A user token that is refused, with the catalogued code its answer carries. */
public final class TokenRefused extends BadJwtException {

    private final ErrorCode code;

    TokenRefused(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
