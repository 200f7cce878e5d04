package im.cluster;

import im.ring.Ring;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Ring parameters ({@code im.ring.*}). Every service that computes placement must use the same
 * values, or rings diverge; the signature on {@code /admin/ring} and in metrics shows it.
 *
 * @param virtualNodes points per unit of node weight; docs/ring-spec.md has the measurement behind the
 *     default
 */
@ConfigurationProperties("im.ring")
public record RingProperties(
        @DefaultValue("" + Ring.DEFAULT_VIRTUAL_NODES) int virtualNodes) {

    public RingProperties {
        if (virtualNodes < 1) {
            throw new IllegalArgumentException("im.ring.virtual-nodes must be >= 1, was " + virtualNodes);
        }
    }
}
