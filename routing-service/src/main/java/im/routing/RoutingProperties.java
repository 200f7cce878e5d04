package im.routing;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Routing settings ({@code im.routing.*}).
 *
 * @param members gateway nodes placed on the ring, as {@code id} or {@code id:weight}. A static list
 *     until membership discovery (Redis or etcd) replaces it; empty means no gateway is known and
 *     lookups answer {@code unavailable}
 */
@ConfigurationProperties("im.routing")
public record RoutingProperties(@DefaultValue List<String> members) {}
