package im.gateway;

import im.security.web.ClientPaths;
import im.web.info.SettingsInfo;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class GatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(GatewayApplication.class, args);
    }

    @Bean
    SettingsInfo settingsInfo(GatewayProperties properties) {
        return new SettingsInfo("gateway", properties);
    }

    /**
     * {@code /ws} checks the user token itself, at the handshake: browsers can only pass it as a query
     * parameter there, and a refusal must reach the client as a documented close code. {@code /dev/token}
     * exists with the local profile only.
     */
    @Bean
    ClientPaths gatewayClientPaths() {
        return new ClientPaths(List.of("/ws", "/dev/token"), List.of());
    }
}
