package im.security;

import im.web.secret.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How user tokens are checked ({@code im.auth.*}), the same on every service a client calls: the
 * gateway's WebSocket and every client-facing REST API. A token is a JWT whose {@code sub} is the user
 * id and which has an {@code exp}; it is accepted when it is signed by one of the configured issuers'
 * keys and passes the claim checks below. At least one of {@code hmac-secret} and {@code jwks-uri} must
 * be set where clients call.
 *
 * @param required whether this service serves clients and so needs a key to check their tokens (the
 *     default); a service without a client-facing API sets it to false and then refuses every user
 *     token, holding no key that could sign one
 * @param hmacSecret key for HS256 tokens, shared with whoever issues them; at least 32 bytes. Unset:
 *     HS256 tokens are refused
 * @param jwksUri the JSON Web Key Set URL of the identity provider (Keycloak, Auth0, your own): RS256
 *     and ES256 tokens are verified against it. The set is cached and fetched again when a token names
 *     a key id ({@code kid}) it does not hold, so a key rotation needs no restart; a token whose key is
 *     in neither the cache nor the fetched set is refused. Unset: only HS256 tokens are accepted
 * @param jwksTimeout how long one fetch of the key set may take
 * @param issuer when set, the {@code iss} every token must carry
 * @param audience when set, a value the token's {@code aud} must contain
 * @param clockSkew tolerance on {@code exp} and {@code nbf} for clocks that disagree
 * @param algorithms the asymmetric algorithms accepted from the key set
 */
@ConfigurationProperties("im.auth")
public record AuthProperties(
        @DefaultValue("true") boolean required,
        Secret hmacSecret,
        URI jwksUri,
        @DefaultValue("5s") Duration jwksTimeout,
        String issuer,
        String audience,
        @DefaultValue("30s") Duration clockSkew,
        @DefaultValue({"RS256", "ES256"}) List<String> algorithms) {

    static final int MIN_SECRET_BYTES = 32;

    public AuthProperties {
        if (required && hmacSecret == null && jwksUri == null) {
            throw new IllegalArgumentException("set im.auth.hmac-secret (env IM_AUTH_HMAC_SECRET) or im.auth.jwks-uri"
                    + " (env IM_AUTH_JWKS_URI): without a key no user token can be checked");
        }
        if (hmacSecret != null && hmacSecret.length() < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("im.auth.hmac-secret must be at least " + MIN_SECRET_BYTES
                    + " bytes (a guessable key lets" + " anyone sign in as anyone)");
        }
        if (issuer != null && issuer.isBlank()) {
            issuer = null;
        }
        if (audience != null && audience.isBlank()) {
            audience = null;
        }
    }
}
