package im.web.management;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Conditional;
import org.springframework.web.bind.annotation.RestController;

/**
 * A REST controller of the management side ({@code /admin/**} for operators, {@code /internal/**} for
 * the other services): it is served on the management port ({@code management.server.port}) with
 * Actuator, never on the port clients reach. When the management port is the server port (not how any
 * deployment of this project runs), it is served there like any controller.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@RestController
@Conditional(InManagementContext.class)
public @interface ManagementApi {}
