package im.web.admin;

import java.nio.charset.StandardCharsets;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Access to the admin REST endpoints ({@code im.admin.*}), the same on every service.
 *
 * @param token the shared operator token: every {@code /admin/**} request must carry {@code
 *     Authorization: Bearer <token>}. At least 32 bytes; on Kubernetes it comes from a Secret
 *     (env {@code IM_ADMIN_TOKEN}). Unset or empty: no default, every admin request is refused (fail
 *     closed), so a forgotten Secret never opens the admin API.
 */
@ConfigurationProperties("im.admin")
public record AdminProperties(String token) {

    static final int MIN_TOKEN_LENGTH = 32;

    public AdminProperties {
        if (token != null && token.isBlank()) {
            token = null;
        }
        if (token != null && token.getBytes(StandardCharsets.UTF_8).length < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("im.admin.token must be at least " + MIN_TOKEN_LENGTH
                    + " bytes (env IM_ADMIN_TOKEN), or unset to refuse every admin request");
        }
    }

    /** Whether a token is configured (otherwise the admin API refuses everything). */
    public boolean enabled() {
        return token != null;
    }

    /** Never shows the token itself (this record appears in logs and error messages). */
    @Override
    public String toString() {
        return "AdminProperties[token=" + (enabled() ? "(set)" : "(unset: admin API closed)") + "]";
    }
}
