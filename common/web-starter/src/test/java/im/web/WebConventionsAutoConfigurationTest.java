package im.web;

import static org.assertj.core.api.Assertions.assertThat;

import im.web.autoconfigure.WebConventionsAutoConfiguration;
import im.web.error.ApiExceptionHandler;
import im.web.error.ProblemErrorController;
import im.web.limit.RequestLimits;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.util.unit.DataSize;

class WebConventionsAutoConfigurationTest {

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WebConventionsAutoConfiguration.class));

    @Test
    void aServletServiceGetsProblemAnswersAndABoundedRequestBody() {
        web.run(context -> {
            assertThat(context).hasSingleBean(ApiExceptionHandler.class);
            assertThat(context).hasSingleBean(ProblemErrorController.class);
            assertThat(context).hasSingleBean(FilterRegistrationBean.class);
            assertThat(context.getBean(RequestLimits.class).maxRequestBody()).isEqualTo(DataSize.ofKilobytes(256));
        });
    }

    @Test
    void theBodyLimitIsASettingAndMustBePositive() {
        web.withPropertyValues("im.web.max-request-body=1MB")
                .run(context -> assertThat(context.getBean(RequestLimits.class).maxRequestBody())
                        .isEqualTo(DataSize.ofMegabytes(1)));
        web.withPropertyValues("im.web.max-request-body=0")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void aServiceWithoutAServletWebServerGetsNone() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(WebConventionsAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).doesNotHaveBean(ApiExceptionHandler.class);
                    assertThat(context).doesNotHaveBean(RequestLimits.class);
                });
    }
}
