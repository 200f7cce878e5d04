package im.group.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

class GroupClientAutoConfigurationTest {

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(GroupClientAutoConfiguration.class));

    @Test
    void aServiceWithADatabaseGetsTheGroupReadPath() {
        runner.withBean(JdbcTemplate.class, GroupClientAutoConfigurationTest::jdbc)
                .run(context -> assertThat(context).hasSingleBean(GroupMembers.class));
    }

    @Test
    void aServiceWithoutADatabaseGetsNone() {
        runner.run(context -> assertThat(context).doesNotHaveBean(GroupMembers.class));
    }

    @Test
    void aServiceOwnReadPathWins() {
        GroupMembers own = new GroupMembers(jdbc());
        runner.withBean(JdbcTemplate.class, GroupClientAutoConfigurationTest::jdbc)
                .withBean(GroupMembers.class, () -> own)
                .run(context -> assertThat(context.getBean(GroupMembers.class)).isSameAs(own));
    }

    /** A template over a data source that is never connected to: the configuration only wires it. */
    private static JdbcTemplate jdbc() {
        return new JdbcTemplate(new SimpleDriverDataSource());
    }
}
