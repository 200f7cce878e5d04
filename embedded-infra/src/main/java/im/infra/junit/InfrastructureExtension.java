package im.infra.junit;

import im.infra.Infrastructure;
import im.infra.SharedInfrastructure;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: starts the shared infrastructure before a test class (once per JVM) and
 * injects {@link Infrastructure} parameters. Use with {@code @ExtendWith} before any Spring
 * extension so the properties are set when the context starts.
 */
public final class InfrastructureExtension implements BeforeAllCallback, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) {
        SharedInfrastructure.get();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == Infrastructure.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return SharedInfrastructure.get();
    }
}
