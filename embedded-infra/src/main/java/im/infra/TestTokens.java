package im.infra;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** User tokens for tests, signed with the infrastructure's user-token key (what the services check). */
public final class TestTokens {

    private TestTokens() {}

    /** A token for {@code userId}, valid for ten minutes. */
    public static String mint(String userId) {
        return mint(userId, Instant.now(), Duration.ofMinutes(10));
    }

    /** A token for {@code userId} issued at {@code issuedAt}, valid for {@code ttl}. */
    public static String mint(String userId, Instant issuedAt, Duration ttl) {
        return mint(DevTokens.USER_TOKEN_KEY, userId, issuedAt, ttl);
    }

    /** A token signed with {@code key} (another key than the services', to forge one). */
    public static String mint(String key, String userId, Instant issuedAt, Duration ttl) {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader(JWSAlgorithm.HS256),
                new JWTClaimsSet.Builder()
                        .subject(userId)
                        .issueTime(Date.from(issuedAt))
                        .expirationTime(Date.from(issuedAt.plus(ttl)))
                        .build());
        try {
            jwt.sign(new MACSigner(key.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalArgumentException(e);
        }
        return jwt.serialize();
    }
}
