package im.infra;

/**
 * One infrastructure per JVM, started on first use and stopped when the JVM exits. Integration tests
 * get it through {@link im.infra.junit.InfrastructureExtension}; it also publishes {@link
 * Infrastructure#springProperties()} as system properties so Spring Boot contexts pick them up.
 */
public final class SharedInfrastructure {

    private static Infrastructure instance;

    private SharedInfrastructure() {}

    public static synchronized Infrastructure get() {
        if (instance == null) {
            Infrastructure infra = Infrastructure.start();
            Runtime.getRuntime().addShutdownHook(new Thread(infra::close, "infra-shutdown"));
            infra.springProperties().forEach(System::setProperty);
            // In-process service tests check user tokens minted with TestTokens.
            System.setProperty("im.auth.hmac-secret", infra.userTokenKey());
            instance = infra;
        }
        return instance;
    }
}
