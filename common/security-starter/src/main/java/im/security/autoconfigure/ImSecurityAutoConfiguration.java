package im.security.autoconfigure;

import im.security.AuthProperties;
import im.security.OperatorProperties;
import im.security.token.UserTokens;
import im.security.web.ClientPaths;
import im.security.web.ClientSecurity;
import im.security.web.ManagementSecurity;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Who may call what, on every servlet service:
 *
 * <ul>
 *   <li>the management side ({@code /actuator/**}, {@code /admin/**}, {@code /internal/**}; served on
 *       the management port): health and Prometheus open, {@code /internal/**} for the services' token,
 *       everything else for the operators' token ({@link ManagementSecurity});
 *   <li>everything else is client-facing: a user token in {@code Authorization: Bearer} ({@link
 *       UserTokens}), except the paths services declare open ({@link ClientPaths}); controllers learn the
 *       caller from it ({@link im.security.Caller}) ({@link ClientSecurity}).
 * </ul>
 *
 * Stateless: no sessions, no cookies, so no CSRF exposure; CORS for browsers without credentials.
 */
@AutoConfiguration(
        beforeName = {
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
            "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration"
        })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(HttpSecurity.class)
@EnableConfigurationProperties({AuthProperties.class, OperatorProperties.class})
@EnableWebSecurity
public class ImSecurityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    UserTokens userTokens(AuthProperties properties, ObjectProvider<Clock> clock) {
        return new UserTokens(properties, clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    @Order(1)
    SecurityFilterChain managementSecurity(
            HttpSecurity http, OperatorProperties tokens, ObjectProvider<MeterRegistry> registry) throws Exception {
        return ManagementSecurity.chain(http, tokens, meters(registry));
    }

    @Bean
    @Order(2)
    SecurityFilterChain clientSecurity(
            HttpSecurity http, UserTokens tokens, List<ClientPaths> paths, ObjectProvider<MeterRegistry> registry)
            throws Exception {
        return ClientSecurity.chain(http, tokens, paths, meters(registry));
    }

    @Bean
    WebMvcConfigurer callerResolver() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(ClientSecurity.callerResolver());
            }
        };
    }

    private static MeterRegistry meters(ObjectProvider<MeterRegistry> registry) {
        return registry.getIfAvailable(SimpleMeterRegistry::new);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springdoc.core.customizers.OpenApiCustomizer")
    static class OpenApiDocumentation {

        @Bean
        org.springdoc.core.customizers.OpenApiCustomizer clientOpenApi() {
            return new im.security.web.ClientOpenApi();
        }
    }
}
