package im.group;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class GroupPropertiesBindingTest {

    @EnableConfigurationProperties(GroupProperties.class)
    static class Config {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Config.class);

    @Test
    void theMemberLimitDefaultsToTenThousandAndBinds() {
        runner.run(ctx ->
                assertThat(ctx.getBean(GroupProperties.class).maxMembers()).isEqualTo(10_000));
        runner.withPropertyValues("im.group.max-members=50")
                .run(ctx -> assertThat(ctx.getBean(GroupProperties.class).maxMembers())
                        .isEqualTo(50));
    }
}
