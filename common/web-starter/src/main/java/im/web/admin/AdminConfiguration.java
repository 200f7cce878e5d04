package im.web.admin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts every {@code /admin/**} endpoint of a service behind the shared admin token ({@code
 * im.admin.token}, {@link AdminProperties}); Actuator, the OpenAPI document and the service's own API
 * are not affected. Every service {@code @Import}s it together with {@code ApiExceptionHandler}, which
 * renders the 401. With springdoc present, the OpenAPI document declares the bearer scheme on the admin
 * operations.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AdminProperties.class)
public class AdminConfiguration implements WebMvcConfigurer {

    /** The paths the token guards. */
    public static final String ADMIN_PATHS = "/admin/**";

    private static final Logger log = LoggerFactory.getLogger(AdminConfiguration.class);

    private final AdminProperties properties;

    AdminConfiguration(AdminProperties properties) {
        this.properties = properties;
        if (!properties.enabled()) {
            log.warn("im.admin.token is not set: every /admin request is refused with 401 (set IM_ADMIN_TOKEN)");
        }
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new AdminTokenCheck(properties)).addPathPatterns(ADMIN_PATHS);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springdoc.core.customizers.OpenApiCustomizer")
    static class OpenApiDocumentation {

        @Bean
        AdminOpenApi adminOpenApi() {
            return new AdminOpenApi();
        }
    }
}
