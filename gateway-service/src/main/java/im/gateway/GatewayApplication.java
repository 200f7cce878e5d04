package im.gateway;

import im.gateway.ws.ConnectionBuffers;
import im.messaging.MessagingProperties;
import im.protocol.frame.Limits;
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

    static {
        // Here, not in main(): tests start the application without main(), and the setting must be
        // in place before the context starts Tomcat.
        ConnectionBuffers.useSmallWebSocketBuffers();
    }

    public static void main(String[] args) {
        SpringApplication.run(GatewayApplication.class, args);
    }

    /**
     * The protocol's limits on this node; refuses to start with a frame limit some valid {@code send}
     * would not fit in.
     */
    @Bean
    Limits protocolLimits(MessagingProperties messaging, GatewayProperties gateway) {
        Limits limits = new Limits(messaging.maxBodySize());
        if (gateway.connection().maxFrameLength() < limits.minFrameChars()) {
            throw new IllegalStateException("im.gateway.connection.max-frame-length ("
                    + gateway.connection().maxFrameLength() + ") is below " + limits.minFrameChars()
                    + ", the longest valid send with im.messaging.max-body-size " + messaging.maxBodySize());
        }
        return limits;
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
