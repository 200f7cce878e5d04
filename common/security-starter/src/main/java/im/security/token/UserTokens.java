package im.security.token;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
import im.protocol.ErrorCode;
import im.protocol.ImException;
import im.protocol.UserIds;
import im.security.AuthProperties;
import im.security.Caller;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestTemplate;

/**
 * Checks user tokens, for the WebSocket handshake ({@link #verify}) and for Spring Security on the
 * client-facing REST APIs (it is their {@link JwtDecoder}).
 *
 * <p>The algorithm in the token's header picks the verifier: HS256 with the shared key, RS256/ES256
 * (or what {@code im.auth.algorithms} lists) with the identity provider's key set. Each verifier
 * accepts only its own algorithms, so a token cannot make the server check an HMAC against a public
 * key ("algorithm confusion"), and {@code none} is never accepted. Then the claims: {@code exp}
 * required and in the future (within the clock skew; {@code token_expired} otherwise), {@code nbf}
 * passed, {@code sub} a valid user id, and {@code iss}/{@code aud} when configured.
 */
public final class UserTokens implements JwtDecoder {

    static final String EXPIRED = "token_expired";

    private final JwtDecoder hmac;
    private final JwtDecoder keySet;
    private final Set<String> asymmetric;

    public UserTokens(AuthProperties properties, Clock clock) {
        OAuth2TokenValidator<Jwt> validator = validator(properties, clock);
        this.hmac = properties.hmacSecret() == null
                ? null
                : withValidator(
                        NimbusJwtDecoder.withSecretKey(new SecretKeySpec(
                                        properties.hmacSecret().bytes(), "HmacSHA256"))
                                .macAlgorithm(MacAlgorithm.HS256)
                                .build(),
                        validator);
        this.asymmetric =
                properties.algorithms().stream().map(String::toUpperCase).collect(Collectors.toSet());
        this.keySet = properties.jwksUri() == null ? null : withValidator(keySetDecoder(properties), validator);
    }

    private NimbusJwtDecoder keySetDecoder(AuthProperties properties) {
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout((int) properties.jwksTimeout().toMillis());
        requests.setReadTimeout((int) properties.jwksTimeout().toMillis());
        return NimbusJwtDecoder.withJwkSetUri(properties.jwksUri().toString())
                .jwsAlgorithms(algorithms -> {
                    algorithms.clear();
                    asymmetric.forEach(a -> algorithms.add(signatureAlgorithm(a)));
                })
                .restOperations(new RestTemplate(requests))
                .build();
    }

    private static SignatureAlgorithm signatureAlgorithm(String name) {
        SignatureAlgorithm a = SignatureAlgorithm.from(name);
        if (a == null) {
            throw new IllegalArgumentException("im.auth.algorithms: unknown algorithm '" + name + "'");
        }
        return a;
    }

    private static JwtDecoder withValidator(NimbusJwtDecoder decoder, OAuth2TokenValidator<Jwt> validator) {
        decoder.setJwtValidator(validator);
        return decoder;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        JwtDecoder decoder = decoderFor(token);
        return decoder.decode(token);
    }

    /**
     * The caller {@code token} proves, or an {@link ImException}: {@code unauthenticated} (no token, a
     * bad one), {@code token_expired}, or {@code unavailable} when the identity provider's key set could
     * not be fetched to check it.
     */
    public Caller verify(String token) {
        if (token == null || token.isBlank()) {
            throw new ImException(ErrorCode.UNAUTHENTICATED, "no token");
        }
        try {
            return new Caller(decode(token).getSubject());
        } catch (BadJwtException e) {
            throw new ImException(codeOf(e), messageOf(e));
        } catch (JwtException e) {
            throw new ImException(ErrorCode.UNAVAILABLE, "the token's keys could not be fetched; retry");
        }
    }

    /** The catalogued code for a refused token: {@code token_expired} or {@code unauthenticated}. */
    public static ErrorCode codeOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TokenRefused r) {
                return r.code();
            }
            if (t instanceof JwtValidationException v
                    && v.getErrors().stream().anyMatch(err -> EXPIRED.equals(err.getErrorCode()))) {
                return ErrorCode.TOKEN_EXPIRED;
            }
        }
        return ErrorCode.UNAUTHENTICATED;
    }

    /** A short reason for a refused token, without echoing the token. */
    public static String messageOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TokenRefused r) {
                return r.getMessage();
            }
            if (t instanceof JwtValidationException v && !v.getErrors().isEmpty()) {
                return v.getErrors().iterator().next().getDescription();
            }
        }
        return "the token is not valid";
    }

    private JwtDecoder decoderFor(String token) {
        JWSAlgorithm alg;
        try {
            alg = SignedJWT.parse(token).getHeader().getAlgorithm();
        } catch (ParseException | RuntimeException e) {
            throw new TokenRefused(ErrorCode.UNAUTHENTICATED, "not a signed JWT");
        }
        if (JWSAlgorithm.HS256.equals(alg) && hmac != null) {
            return hmac;
        }
        if (alg != null && asymmetric.contains(alg.getName()) && keySet != null) {
            return keySet;
        }
        throw new TokenRefused(
                ErrorCode.UNAUTHENTICATED,
                "tokens signed with " + (alg == null ? "no algorithm" : alg.getName()) + " are not accepted here");
    }

    private static OAuth2TokenValidator<Jwt> validator(AuthProperties properties, Clock clock) {
        List<OAuth2TokenValidator<Jwt>> checks = new ArrayList<>();
        checks.add(new TimeValidator(properties.clockSkew(), clock));
        checks.add(jwt -> UserIds.valid(jwt.getSubject())
                ? OAuth2TokenValidatorResult.success()
                : failure("invalid_token", "the token's 'sub' is not a valid user id"));
        if (properties.issuer() != null) {
            checks.add(new JwtIssuerValidator(properties.issuer()));
        }
        if (properties.audience() != null) {
            checks.add(new JwtAudienceValidator(properties.audience()));
        }
        return new DelegatingOAuth2TokenValidator<>(checks);
    }

    static OAuth2TokenValidatorResult failure(String code, String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(code, description, null));
    }
}
