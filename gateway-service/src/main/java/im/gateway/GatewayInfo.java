package im.gateway;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

/** Shows the node's identity on {@code /actuator/info}, so an operator sees which node answered. */
@Component
class GatewayInfo implements InfoContributor {

    private final GatewayProperties properties;

    GatewayInfo(GatewayProperties properties) {
        this.properties = properties;
    }

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail("gateway", properties);
    }
}
