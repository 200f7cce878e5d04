package im.security;

import im.web.secret.Secret;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The two static tokens of the management side ({@code im.*}), the same on every service. Both are
 * at least 32 bytes and come from a Secret on Kubernetes. An unset token closes what it guards (every
 * request refused with 401), so a forgotten Secret never opens anything.
 *
 * @param admin operators' token ({@code im.admin.token}, env {@code IM_ADMIN_TOKEN}): {@code /admin/**}
 *     and the actuator endpoints other than health and Prometheus need {@code Authorization: Bearer
 *     <token>}
 * @param internal the services' token for calling each other ({@code im.internal.token}, env {@code
 *     IM_INTERNAL_TOKEN}): {@code /internal/**} needs it; a caller sends it
 */
@ConfigurationProperties("im")
public record OperatorProperties(Token admin, Token internal) {

    static final int MIN_TOKEN_BYTES = 32;

    public OperatorProperties {
        admin = admin == null ? new Token(null) : admin;
        internal = internal == null ? new Token(null) : internal;
        check("im.admin.token", admin.token());
        check("im.internal.token", internal.token());
    }

    private static void check(String name, Secret token) {
        if (token != null && token.length() < MIN_TOKEN_BYTES) {
            throw new IllegalArgumentException(
                    name + " must be at least " + MIN_TOKEN_BYTES + " bytes, or unset to refuse every request");
        }
    }

    /** One token; {@code token} null when unset. */
    public record Token(Secret token) {

        /** Whether a token is configured (otherwise what it guards is closed). */
        public boolean enabled() {
            return token != null;
        }
    }
}
