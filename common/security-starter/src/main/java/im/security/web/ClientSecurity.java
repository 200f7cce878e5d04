package im.security.web;

import im.security.token.UserTokens;
import im.web.error.ErrorMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;

/** The security of the client-facing API: user tokens on everything but the declared open paths. */
public final class ClientSecurity {

    /** Open on every service: the error page and the API document. */
    static final List<String> ALWAYS_OPEN =
            List.of("/error", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**");

    private ClientSecurity() {}

    public static SecurityFilterChain chain(
            HttpSecurity http, UserTokens tokens, List<ClientPaths> declared, MeterRegistry registry) throws Exception {
        List<String> open = new ArrayList<>(ALWAYS_OPEN);
        List<String> query = new ArrayList<>();
        declared.forEach(p -> {
            open.addAll(p.open());
            query.addAll(p.tokenInQuery());
        });
        SecurityProblems problems = new SecurityProblems(
                new ErrorMetrics(registry, ErrorMetrics.Transport.HTTP),
                "this operation needs the user's token: 'Authorization: Bearer <token>'");
        return ManagementSecurity.stateless(http)
                .cors(c -> c.configurationSource(cors()))
                .authorizeHttpRequests(a -> a.requestMatchers(open.toArray(String[]::new))
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .oauth2ResourceServer(o -> o.jwt(j -> j.decoder(tokens))
                        .bearerTokenResolver(resolver(open, query))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .build();
    }

    /**
     * The token from {@code Authorization: Bearer}; on the declared paths also from the {@code
     * access_token} query parameter of a GET (an {@code EventSource} cannot set headers). Anywhere else a
     * query token is ignored, so it does not end up in proxies' logs by habit. On the open paths no token
     * is read at all: a stale one sent out of habit must not make an open resource refuse.
     */
    private static BearerTokenResolver resolver(List<String> openPaths, List<String> queryPaths) {
        DefaultBearerTokenResolver header = new DefaultBearerTokenResolver();
        DefaultBearerTokenResolver withQuery = new DefaultBearerTokenResolver();
        withQuery.setAllowUriQueryParameter(true);
        List<PathPatternRequestMatcher> open = openPaths.stream()
                .map(p -> PathPatternRequestMatcher.withDefaults().matcher(p))
                .toList();
        List<PathPatternRequestMatcher> query = queryPaths.stream()
                .map(p -> PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, p))
                .toList();
        return (HttpServletRequest request) -> {
            if (open.stream().anyMatch(m -> m.matches(request))) {
                return null;
            }
            return query.stream().anyMatch(m -> m.matches(request))
                    ? withQuery.resolve(request)
                    : header.resolve(request);
        };
    }

    /** Browsers may call from any origin: tokens travel in headers, never in cookies, so no credentials. */
    private static UrlBasedCorsConfigurationSource cors() {
        CorsConfiguration config = new CorsConfiguration();
        config.addAllowedOriginPattern("*");
        config.addAllowedHeader("*");
        config.addAllowedMethod("*");
        config.setAllowCredentials(false);
        config.setMaxAge(3600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", config);
        return source;
    }

    public static HandlerMethodArgumentResolver callerResolver() {
        return new CallerArgumentResolver();
    }
}
