package im.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.infra.junit.ClientApiRules;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockServletContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/** The rule that the caller comes from the token fails on the controllers that break it. */
class ClientApiRulesTest {

    @RestController
    static class Good {
        @GetMapping("/me/things")
        String mine(Caller caller) {
            return caller.userId();
        }
    }

    @RestController
    static class FromHeader {
        @GetMapping("/things")
        String things(Caller caller, @RequestHeader("X-Im-User") String actor) {
            return actor;
        }
    }

    @RestController
    static class FromPath {
        @GetMapping("/users/{userId}/things")
        String things(@PathVariable String userId) {
            return userId;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWebMvc
    static class Mvc {}

    private static AnnotationConfigWebApplicationContext context(Class<?> controller) {
        AnnotationConfigWebApplicationContext ctx = new AnnotationConfigWebApplicationContext();
        ctx.setServletContext(new MockServletContext());
        ctx.register(Mvc.class, controller);
        ctx.refresh();
        return ctx;
    }

    @Test
    void aControllerThatTakesTheCallerPasses() {
        try (var ctx = context(Good.class)) {
            assertThatCode(() -> ClientApiRules.assertCallerFromTokenOnly(ctx)).doesNotThrowAnyException();
        }
    }

    @Test
    void aControllerThatReadsWhoCallsFromAHeaderFails() {
        try (var ctx = context(FromHeader.class)) {
            assertThatThrownBy(() -> ClientApiRules.assertCallerFromTokenOnly(ctx))
                    .hasMessageContaining("header");
        }
    }

    @Test
    void aControllerWithoutTheCallerFails() {
        try (var ctx = context(FromPath.class)) {
            assertThatThrownBy(() -> ClientApiRules.assertCallerFromTokenOnly(ctx))
                    .hasMessageContaining("no Caller");
        }
    }
}
