package im.gateway.auth;

import im.protocol.ErrorCode;
import im.protocol.ImException;
import im.protocol.UserIds;
import im.security.AuthProperties;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Mints tokens for test users: only with the {@code local} profile (what {@code ./im up} runs), never
 * in any other deployment, where tokens come from the real identity service. Open without a token (it
 * is how one gets the first); it needs {@code im.auth.hmac-secret}.
 */
@RestController
@Profile("local")
class DevTokenController {

    /** Longest lifetime it mints: a local run's tokens should not outlive the day. */
    static final Duration MAX_TTL = Duration.ofDays(1);

    private final TokenMinter minter;
    private final Clock clock;

    DevTokenController(AuthProperties auth, Clock clock) {
        if (auth.hmacSecret() == null) {
            throw new IllegalStateException("the local profile's /dev/token needs im.auth.hmac-secret");
        }
        this.minter = new TokenMinter(auth.hmacSecret().bytes());
        this.clock = clock;
    }

    @GetMapping("/dev/token")
    @Operation(summary = "A token for a test user (local profile only; user: a valid user id; ttl: PT1M to P1D)")
    Map<String, String> token(@RequestParam String user, @RequestParam(defaultValue = "PT1H") Duration ttl) {
        UserIds.check(user);
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "'ttl' must be a positive duration of at most P1D");
        }
        return Map.of("user", user, "token", minter.mint(user, clock.instant(), ttl));
    }
}
