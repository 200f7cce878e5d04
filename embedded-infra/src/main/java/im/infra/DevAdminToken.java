package im.infra;

import java.util.UUID;

/** Holds the per-JVM admin token of {@link Infrastructure#adminToken()}. */
final class DevAdminToken {

    static final String VALUE = "dev-admin-" + UUID.randomUUID() + UUID.randomUUID();

    private DevAdminToken() {}
}
