package im.web.autoconfigure;

import im.web.admin.AdminConfiguration;
import im.web.error.ApiExceptionHandler;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The web conventions of every servlet service: REST errors as RFC 9457 problems with catalogued codes
 * ({@link ApiExceptionHandler}) and the admin token on {@code /admin/**} ({@link AdminConfiguration}).
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Import(AdminConfiguration.class)
public class WebConventionsAutoConfiguration {

    @Bean
    ApiExceptionHandler apiExceptionHandler(ObjectProvider<MeterRegistry> registry) {
        return new ApiExceptionHandler(registry);
    }
}
