package im.group.client;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/** Group-service's read path for other services' message paths, auto-configured where a database is (routing). */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration")
@ConditionalOnBean(JdbcTemplate.class)
public class GroupClientAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    GroupMembers groupMembers(JdbcTemplate jdbc) {
        return new GroupMembers(jdbc);
    }
}
