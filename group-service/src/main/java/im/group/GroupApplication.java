package im.group;

import im.common.admin.AdminConfiguration;
import im.common.message.config.MessageTopicsConfiguration;
import im.common.web.ApiExceptionHandler;
import im.common.web.SettingsInfo;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

@SpringBootApplication
@ConfigurationPropertiesScan
@Import({AdminConfiguration.class, ApiExceptionHandler.class, MessageTopicsConfiguration.class})
public class GroupApplication {

    @Bean
    java.time.Clock clock() {
        return java.time.Clock.systemUTC();
    }

    public static void main(String[] args) {
        SpringApplication.run(GroupApplication.class, args);
    }

    @Bean
    SettingsInfo settingsInfo(GroupProperties properties) {
        return new SettingsInfo("group", properties);
    }
}
