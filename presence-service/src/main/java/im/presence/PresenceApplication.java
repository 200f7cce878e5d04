package im.presence;

import im.security.web.ClientPaths;
import im.web.info.SettingsInfo;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@ConfigurationPropertiesScan
public class PresenceApplication {

    public static void main(String[] args) {
        SpringApplication.run(PresenceApplication.class, args);
    }

    @Bean
    SettingsInfo settingsInfo(PresenceProperties properties) {
        return new SettingsInfo("presence", properties);
    }

    /** Browsers' EventSource cannot set headers: the status stream takes the token as a query parameter. */
    @Bean
    ClientPaths presenceClientPaths() {
        return new ClientPaths(List.of(), List.of("/presence/subscribe"));
    }
}
