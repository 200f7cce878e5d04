package im.gateway;

import im.common.admin.AdminConfiguration;
import im.common.cluster.config.ClusterConfiguration;
import im.common.web.ApiExceptionHandler;
import im.common.web.SettingsInfo;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
@Import({AdminConfiguration.class, ApiExceptionHandler.class, ClusterConfiguration.class})
public class GatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(GatewayApplication.class, args);
    }

    @Bean
    SettingsInfo settingsInfo(GatewayProperties properties) {
        return new SettingsInfo("gateway", properties);
    }
}
