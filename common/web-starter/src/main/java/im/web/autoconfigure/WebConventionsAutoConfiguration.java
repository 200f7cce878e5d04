package im.web.autoconfigure;

import im.web.error.ApiExceptionHandler;
import im.web.error.ErrorMetrics;
import im.web.error.ProblemErrorController;
import im.web.error.ProblemReportValve;
import im.web.limit.RequestBodyLimitFilter;
import im.web.limit.RequestLimits;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * The web conventions of every servlet service: every REST error is an RFC 9457 problem with a
 * catalogued code, from Spring MVC's handlers ({@link ApiExceptionHandler}) and from the container's
 * error page ({@link ProblemErrorController}, which replaces Boot's default body); request bodies are
 * bounded ({@link RequestLimits}).
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@EnableConfigurationProperties(RequestLimits.class)
public class WebConventionsAutoConfiguration {

    /** First in the chain: an oversized body is refused before a token is checked or a byte is parsed. */
    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(RequestLimits limits) {
        FilterRegistrationBean<RequestBodyLimitFilter> registration =
                new FilterRegistrationBean<>(new RequestBodyLimitFilter(limits));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    ApiExceptionHandler apiExceptionHandler(ObjectProvider<MeterRegistry> registry) {
        return new ApiExceptionHandler(registry);
    }

    @Bean
    ProblemErrorController problemErrorController(ObjectProvider<MeterRegistry> registry) {
        return new ProblemErrorController(
                new ErrorMetrics(registry.getIfAvailable(SimpleMeterRegistry::new), ErrorMetrics.Transport.HTTP));
    }

    /** Tomcat's own refusals (before any servlet) as problems too: {@link ProblemReportValve}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ErrorReportValve.class, TomcatServletWebServerFactory.class})
    static class TomcatErrors {

        // After Boot's own customizer, which may have put a plain ErrorReportValve on the host.
        @Bean
        @Order(Ordered.LOWEST_PRECEDENCE)
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReportValve() {
            return factory -> factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    for (Valve v : host.getPipeline().getValves()) {
                        if (v instanceof ErrorReportValve && !(v instanceof ProblemReportValve)) {
                            host.getPipeline().removeValve(v);
                        }
                    }
                    host.setErrorReportValveClass(ProblemReportValve.class.getName());
                    host.getPipeline().addValve(new ProblemReportValve());
                }
            });
        }
    }
}
