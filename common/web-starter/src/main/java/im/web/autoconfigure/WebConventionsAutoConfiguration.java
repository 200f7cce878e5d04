package im.web.autoconfigure;

import im.web.error.ApiExceptionHandler;
import im.web.error.ErrorMetrics;
import im.web.error.ProblemErrorController;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * The web conventions of every servlet service: every REST error is an RFC 9457 problem with a
 * catalogued code, from Spring MVC's handlers ({@link ApiExceptionHandler}) and from the container's
 * error page ({@link ProblemErrorController}, which replaces Boot's default body).
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
public class WebConventionsAutoConfiguration {

    @Bean
    ApiExceptionHandler apiExceptionHandler(ObjectProvider<MeterRegistry> registry) {
        return new ApiExceptionHandler(registry);
    }

    @Bean
    ProblemErrorController problemErrorController(ObjectProvider<MeterRegistry> registry) {
        return new ProblemErrorController(
                new ErrorMetrics(registry.getIfAvailable(SimpleMeterRegistry::new), ErrorMetrics.Transport.HTTP));
    }
}
