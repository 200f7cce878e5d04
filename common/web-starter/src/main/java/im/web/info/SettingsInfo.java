package im.web.info;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * Shows a service's effective {@code im.*} settings record on {@code /actuator/info}, so an operator
 * sees what the answering instance actually runs with (node id, cache times, ...).
 */
public final class SettingsInfo implements InfoContributor {

    private final String name;
    private final Object settings;

    /** @param name the detail key, e.g. {@code gateway}; @param settings the bound properties record */
    public SettingsInfo(String name, Object settings) {
        this.name = name;
        this.settings = settings;
    }

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail(name, settings);
    }
}
