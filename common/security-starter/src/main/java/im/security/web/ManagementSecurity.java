package im.security.web;

import im.security.OperatorProperties;
import im.web.error.ErrorMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/** The security of the management side: operators' and services' static tokens. */
public final class ManagementSecurity {

    /** Open to probes and scrapers: liveness/readiness and the metrics Prometheus scrapes. */
    public static final String[] OPEN = {"/actuator/health", "/actuator/health/**", "/actuator/prometheus"};

    private ManagementSecurity() {}

    public static SecurityFilterChain chain(HttpSecurity http, OperatorProperties tokens, MeterRegistry registry)
            throws Exception {
        SecurityProblems problems = new SecurityProblems(
                new ErrorMetrics(registry, ErrorMetrics.Transport.HTTP),
                "this endpoint needs 'Authorization: Bearer <token>'");
        return stateless(http)
                .securityMatcher("/actuator/**", "/admin/**", "/internal/**")
                .addFilterBefore(new StaticTokenFilter(tokens), AuthorizationFilter.class)
                .authorizeHttpRequests(a -> a.requestMatchers(OPEN)
                        .permitAll()
                        .requestMatchers("/internal/**")
                        .hasAuthority(StaticTokenFilter.INTERNAL)
                        .anyRequest()
                        .hasAuthority(StaticTokenFilter.ADMIN))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .build();
    }

    /** No sessions, no cookies, no login pages: every request carries its own credentials. */
    static HttpSecurity stateless(HttpSecurity http) throws Exception {
        return http.csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(r -> r.disable())
                .formLogin(f -> f.disable())
                .httpBasic(b -> b.disable())
                .logout(l -> l.disable());
    }
}
