package im.routing;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

/** Shows the effective {@code im.routing} settings on {@code /actuator/info}. */
@Component
class RoutingInfo implements InfoContributor {

    private final RoutingProperties properties;

    RoutingInfo(RoutingProperties properties) {
        this.properties = properties;
    }

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail("routing", properties);
    }
}
