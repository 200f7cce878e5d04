package im.infra.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The rule every client-facing operation keeps: the acting user comes from the user's token (a {@code
 * im.security.Caller} parameter), never from a header; so no path or header names who calls. Checked
 * over the operations the running application serves on its client port.
 */
public final class ClientApiRules {

    /**
     * Served without a user token on purpose: the error page, the API document, the local token endpoint,
     * the web pages' configuration (public addresses only).
     */
    static final Set<String> OPEN = Set.of("/error", "/dev/token", "/v3/api-docs", "/v3/api-docs.yaml", "/config.json");

    private ClientApiRules() {}

    /** Fails naming every client-facing operation of {@code context} that breaks the rule. */
    public static void assertCallerFromTokenOnly(ApplicationContext context) {
        List<String> broken = new ArrayList<>();
        for (RequestMappingHandlerMapping mapping :
                context.getBeansOfType(RequestMappingHandlerMapping.class).values()) {
            mapping.getHandlerMethods().forEach((info, method) -> check(info, method, broken));
        }
        assertThat(broken)
                .as("client-facing operations that do not take the caller from the token")
                .isEmpty();
    }

    private static void check(RequestMappingInfo info, HandlerMethod method, List<String> broken) {
        if (!method.getBeanType().getName().startsWith("im.")) {
            return; // the framework's own (springdoc's document, Boot's)
        }
        Set<String> paths = info.getPatternValues();
        if (paths.stream().allMatch(p -> OPEN.contains(p) || p.startsWith("/admin") || p.startsWith("/internal"))) {
            return;
        }
        boolean caller = false;
        for (Parameter p : method.getMethod().getParameters()) {
            caller |= p.getType().getName().equals("im.security.Caller");
            if (p.isAnnotationPresent(RequestHeader.class)) {
                broken.add(paths + " reads a header (" + p.getName() + ")");
            }
        }
        if (!caller) {
            broken.add(paths + " has no Caller parameter");
        }
    }
}
