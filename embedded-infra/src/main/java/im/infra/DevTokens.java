package im.infra;

import java.util.UUID;

/**
 * The secrets test support and the local cluster give the services they start: random per JVM, so a
 * value never outlives the run or ends up in a real deployment.
 */
final class DevTokens {

    /** The operators' token ({@code im.admin.token}). */
    static final String ADMIN = "dev-admin-" + UUID.randomUUID() + UUID.randomUUID();

    /** The services' token for each other's internal APIs ({@code im.internal.token}). */
    static final String INTERNAL = "dev-internal-" + UUID.randomUUID() + UUID.randomUUID();

    /** The key that signs and checks user tokens (HS256, {@code im.auth.hmac-secret}). */
    static final String USER_TOKEN_KEY = "dev-user-tokens-" + UUID.randomUUID() + UUID.randomUUID();

    private DevTokens() {}
}
