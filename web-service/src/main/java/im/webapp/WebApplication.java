package im.webapp;

import im.security.web.ClientPaths;
import im.web.info.SettingsInfo;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * The web pages: the chat page and its configuration on the client port, the operator console and its
 * cluster view on the management port. It holds no user data and calls no client API itself: the chat
 * page talks to the gateways and the REST services directly with the user's token.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WebApplication {

    public static void main(String[] args) {
        SpringApplication.run(WebApplication.class, args);
    }

    /** The client port serves only static files and their configuration: nothing there needs a token. */
    @Bean
    ClientPaths openPages() {
        return new ClientPaths(List.of("/**"), List.of());
    }

    @Bean
    SettingsInfo settingsInfo(WebProperties properties) {
        return new SettingsInfo("web", properties);
    }
}
