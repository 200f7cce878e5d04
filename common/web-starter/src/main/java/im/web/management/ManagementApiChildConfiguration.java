package im.web.management;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/**
 * Serves the {@link ManagementApi} controllers on the management server. Boot's child context for it
 * maps only Actuator's endpoints, so this adds Spring MVC's annotated-controller mapping there and
 * finds the controllers by their annotation (the application's own scan skips them in this mode).
 * Controller advice, the security filter chain and every other bean come from the application
 * context, the child's parent.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@EnableWebMvc
@ComponentScan(
        basePackages = "im",
        useDefaultFilters = false,
        includeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = ManagementApi.class))
class ManagementApiChildConfiguration {}
