package im.security.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * {@code exp} is required and must be ahead (an expired token is told apart, {@code token_expired}:
 * the client fetches a new one instead of giving up); {@code nbf}, when present, must have passed.
 * Both within the clock skew.
 */
final class TimeValidator implements OAuth2TokenValidator<Jwt> {

    private final Duration skew;
    private final Clock clock;

    TimeValidator(Duration skew, Clock clock) {
        this.skew = skew;
        this.clock = clock;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        Instant now = clock.instant();
        Instant expires = jwt.getExpiresAt();
        if (expires == null) {
            return UserTokens.failure("invalid_token", "the token has no 'exp'");
        }
        if (now.minus(skew).isAfter(expires)) {
            return UserTokens.failure(UserTokens.EXPIRED, "the token has expired");
        }
        Instant notBefore = jwt.getNotBefore();
        if (notBefore != null && now.plus(skew).isBefore(notBefore)) {
            return UserTokens.failure("invalid_token", "the token is not valid yet");
        }
        return OAuth2TokenValidatorResult.success();
    }
}
