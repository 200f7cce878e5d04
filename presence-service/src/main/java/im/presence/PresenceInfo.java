package im.presence;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

/** Shows the effective {@code im.presence} settings on {@code /actuator/info}. */
@Component
class PresenceInfo implements InfoContributor {

    private final PresenceProperties properties;

    PresenceInfo(PresenceProperties properties) {
        this.properties = properties;
    }

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail("presence", properties);
    }
}
