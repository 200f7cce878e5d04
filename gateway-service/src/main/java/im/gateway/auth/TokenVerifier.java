package im.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import im.gateway.GatewayProperties;
import im.protocol.ErrorCode;
import im.protocol.ImException;
import im.protocol.UserIds;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import org.springframework.stereotype.Component;

/**
 * Checks the token a client presents at the handshake: a JWT signed with HS256 and the configured
 * secret, with a subject (the user id) and an expiry in the future (small clock skew allowed).
 */
@Component
public class TokenVerifier {

    private final MACVerifier verifier;
    private final Clock clock;
    private final long skewMillis;

    TokenVerifier(GatewayProperties properties, Clock clock) throws JOSEException {
        this.verifier = new MACVerifier(properties.auth().secret().getBytes(StandardCharsets.UTF_8));
        this.clock = clock;
        this.skewMillis = properties.auth().clockSkew().toMillis();
    }

    /** The user id the token proves, or an {@link ImException} with {@code unauthenticated}/{@code token_expired}. */
    public String verify(String token) {
        if (token == null || token.isBlank()) {
            throw new ImException(ErrorCode.UNAUTHENTICATED, "no token");
        }
        JWTClaimsSet claims;
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                throw new ImException(ErrorCode.UNAUTHENTICATED, "bad signature");
            }
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | JOSEException e) {
            throw new ImException(ErrorCode.UNAUTHENTICATED, "not a valid JWT");
        }
        String subject = claims.getSubject();
        Date expiry = claims.getExpirationTime();
        if (subject == null || subject.isBlank() || expiry == null) {
            throw new ImException(ErrorCode.UNAUTHENTICATED, "token needs 'sub' and 'exp'");
        }
        if (!UserIds.valid(subject)) {
            throw new ImException(ErrorCode.UNAUTHENTICATED, "the token's 'sub' is not a valid user id");
        }
        if (expiry.getTime() + skewMillis < clock.millis()) {
            throw new ImException(ErrorCode.TOKEN_EXPIRED, "token expired");
        }
        return subject;
    }
}
