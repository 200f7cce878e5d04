package im.routing;

import im.common.admin.AdminConfiguration;
import im.common.cluster.config.ClusterConfiguration;
import im.common.presence.config.PresenceReadConfiguration;
import im.common.web.ApiExceptionHandler;
import im.common.web.SettingsInfo;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

@SpringBootApplication
@ConfigurationPropertiesScan
@Import({
    AdminConfiguration.class,
    ApiExceptionHandler.class,
    ClusterConfiguration.class,
    PresenceReadConfiguration.class
})
public class RoutingApplication {

    public static void main(String[] args) {
        SpringApplication.run(RoutingApplication.class, args);
    }

    @Bean
    SettingsInfo settingsInfo(RoutingProperties properties) {
        return new SettingsInfo("routing", properties);
    }
}
