package im.system.security;

import im.infra.Infrastructure;
import im.infra.SharedInfrastructure;
import im.system.support.TestCluster;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One cluster for the security tests of this JVM (two gateways, routing, presence, group), started
 * with every secret known to the test: the operators' and services' tokens and the user-token key
 * (the infrastructure's), a PostgreSQL password, and a Redis password (a Redis user of its own, so the
 * services really authenticate). User tokens are accepted from an identity provider's key set (RS256)
 * as well as HS256.
 */
final class SecuredCluster {

    static final String REDIS_USER = "im-services";

    private static SecuredCluster instance;

    final Infrastructure infra = SharedInfrastructure.get();
    final KeySetServer idp = new KeySetServer();
    final String dbPassword = "db-secret-" + UUID.randomUUID();
    final String redisPassword = "redis-secret-" + UUID.randomUUID();
    final TestCluster cluster;

    private SecuredCluster() {
        RedisClient redis = RedisClient.create(RedisURI.create(infra.redisHost(), infra.redisPort()));
        try (StatefulRedisConnection<String, String> c = redis.connect()) {
            c.sync()
                    .aclSetuser(
                            REDIS_USER,
                            AclSetuserArgs.Builder.on()
                                    .addPassword(redisPassword)
                                    .allKeys()
                                    .allChannels()
                                    .allCommands());
        } finally {
            redis.shutdown();
        }
        Map<String, String> env = Map.of(
                "SPRING_DATA_REDIS_USERNAME", REDIS_USER,
                "SPRING_DATA_REDIS_PASSWORD", redisPassword,
                "SPRING_DATASOURCE_PASSWORD", dbPassword,
                "IM_AUTH_JWKS_URI", idp.uri(),
                "SPRING_PROFILES_ACTIVE", "local");
        cluster = TestCluster.start(infra, 2, Map.of(), env, "security", false);
    }

    static synchronized SecuredCluster get() {
        if (instance == null) {
            instance = new SecuredCluster();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                instance.cluster.close();
                instance.idp.close();
            }));
        }
        return instance;
    }

    /** Every secret value the services hold. */
    List<String> secrets() {
        return List.of(infra.adminToken(), infra.internalToken(), infra.userTokenKey(), dbPassword, redisPassword);
    }
}
