package im.web.management;

import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * True in the context that serves the management port: the application's own context when the
 * management port is the server port, else the child context Boot starts for the management server
 * (the only context here with a parent).
 */
final class InManagementContext implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        ManagementPortType type = ManagementPortType.get(context.getEnvironment());
        boolean child =
                context.getBeanFactory() != null && context.getBeanFactory().getParentBeanFactory() != null;
        return switch (type) {
            case SAME -> !child;
            case DIFFERENT -> child;
            case DISABLED -> false;
        };
    }
}
