package im.group;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

/** Shows the effective {@code im.group} settings on {@code /actuator/info}. */
@Component
class GroupInfo implements InfoContributor {

    private final GroupProperties properties;

    GroupInfo(GroupProperties properties) {
        this.properties = properties;
    }

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail("group", properties);
    }
}
