package im.web.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import im.web.error.ApiExceptionHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The admin token check as the services wire it: AdminConfiguration + ApiExceptionHandler on Spring MVC. */
class AdminAccessTest {

    private static final String TOKEN = "admin-token-for-tests-0123456789abcdef";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RestController
    static class Endpoints {
        @GetMapping("/admin/thing")
        String admin() {
            return "secret";
        }

        @GetMapping("/public/thing")
        String open() {
            return "open";
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWebMvc
    @Import({AdminConfiguration.class, ApiExceptionHandler.class, Endpoints.class})
    static class App {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    private MeterRegistry registry;

    private MockMvc mvc(String token) {
        AnnotationConfigWebApplicationContext context = new AnnotationConfigWebApplicationContext();
        context.setServletContext(new MockServletContext());
        if (token != null) {
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource("test", Map.of("im.admin.token", token)));
        }
        context.register(App.class);
        context.refresh();
        registry = context.getBean(MeterRegistry.class);
        return MockMvcBuilders.webAppContextSetup(context).build();
    }

    private static MockHttpServletResponse call(MockMvc mvc, MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse();
    }

    private double unauthenticatedCount() {
        return registry.get("im.errors")
                .tag("code", "unauthenticated")
                .tag("transport", "http")
                .counter()
                .count();
    }

    private static void assertRefused(MockHttpServletResponse r) throws Exception {
        assertThat(r.getStatus()).isEqualTo(401);
        assertThat(r.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(r.getContentType()).startsWith("application/problem+json");
        JsonNode body = JSON.readTree(r.getContentAsString());
        assertThat(body.get("code").asString()).isEqualTo("unauthenticated");
        assertThat(body.get("status").asInt()).isEqualTo(401);
        assertThat(body.get("instance").asString()).startsWith("/admin/");
        assertThat(r.getContentAsString()).doesNotContain(TOKEN);
    }

    @Test
    void theRightTokenPassesAndTheSchemeIsCaseInsensitive() throws Exception {
        MockMvc mvc = mvc(TOKEN);
        MockHttpServletResponse ok = call(mvc, get("/admin/thing").header("Authorization", "Bearer " + TOKEN));
        assertThat(ok.getStatus()).isEqualTo(200);
        assertThat(ok.getContentAsString()).isEqualTo("secret");
        assertThat(call(mvc, get("/admin/thing").header("Authorization", "bearer " + TOKEN))
                        .getStatus())
                .isEqualTo(200);
        assertThat(unauthenticatedCount()).isZero();
    }

    @Test
    void missingWrongAndOtherSchemesAreRefusedWith401ProblemsAndCounted() throws Exception {
        MockMvc mvc = mvc(TOKEN);
        assertRefused(call(mvc, get("/admin/thing")));
        assertRefused(call(mvc, get("/admin/thing").header("Authorization", "Bearer " + TOKEN + "x")));
        assertRefused(call(mvc, get("/admin/thing").header("Authorization", "Bearer " + TOKEN.substring(1))));
        assertRefused(call(mvc, get("/admin/thing").header("Authorization", "Bearer ")));
        assertRefused(call(mvc, get("/admin/thing").header("Authorization", "Basic " + TOKEN)));
        assertRefused(call(mvc, get("/admin/thing").header("Authorization", TOKEN)));
        assertThat(unauthenticatedCount()).isEqualTo(6);
    }

    @Test
    void otherPathsNeedNoToken() throws Exception {
        MockMvc mvc = mvc(TOKEN);
        assertThat(call(mvc, get("/public/thing")).getStatus()).isEqualTo(200);
    }

    @Test
    void withoutAConfiguredTokenTheAdminApiRefusesEverything() throws Exception {
        MockMvc mvc = mvc(null);
        MockHttpServletResponse r = call(mvc, get("/admin/thing").header("Authorization", "Bearer " + TOKEN));
        assertRefused(r);
        assertThat(JSON.readTree(r.getContentAsString()).get("detail").asString())
                .contains("no admin token is configured");
        assertThat(call(mvc, get("/public/thing")).getStatus()).isEqualTo(200);
    }

    @Test
    void aShortTokenIsAConfigurationErrorAndTheTokenNeverShowsInToString() {
        assertThatThrownBy(() -> new AdminProperties("short"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32 bytes");
        assertThat(new AdminProperties("  ").enabled()).isFalse();
        assertThat(new AdminProperties(TOKEN).toString()).doesNotContain(TOKEN);
    }

    @Test
    void bearerParsing() {
        assertThat(AdminTokenCheck.bearer("Bearer abc")).isEqualTo("abc");
        assertThat(AdminTokenCheck.bearer("BEARER  abc ")).isEqualTo("abc");
        assertThat(AdminTokenCheck.bearer("Bearerabc")).isNull();
        assertThat(AdminTokenCheck.bearer(null)).isNull();
    }
}
