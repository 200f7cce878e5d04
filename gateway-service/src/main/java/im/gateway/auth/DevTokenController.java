package im.gateway.auth;

import im.gateway.GatewayProperties;
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
 * in any other deployment, where tokens come from the real identity service.
 */
@RestController
@Profile("local")
class DevTokenController {

    private final TokenMinter minter;
    private final Clock clock;

    DevTokenController(GatewayProperties properties, Clock clock) {
        this.minter = new TokenMinter(properties.auth().secret());
        this.clock = clock;
    }

    @GetMapping("/dev/token")
    @Operation(summary = "A token for a test user (local profile only)")
    Map<String, String> token(@RequestParam String user, @RequestParam(defaultValue = "PT1H") Duration ttl) {
        return Map.of("user", user, "token", minter.mint(user, clock.instant(), ttl));
    }
}
