package im.group;

import im.web.info.SettingsInfo;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@ConfigurationPropertiesScan
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
