package im.routing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Routing settings ({@code im.routing.*}). Ring parameters are under {@code im.ring}, membership
 * under {@code im.membership}.
 *
 * @param ownersShown how many owners {@code GET /admin/route/{userId}} lists: the owner, then the
 *     nodes that would take over in turn
 */
@ConfigurationProperties("im.routing")
public record RoutingProperties(@DefaultValue("3") int ownersShown) {

    public RoutingProperties {
        if (ownersShown < 1) {
            throw new IllegalArgumentException("im.routing.owners-shown must be >= 1, was " + ownersShown);
        }
    }
}
