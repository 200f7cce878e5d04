package im.common.ring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Ring parameters ({@code im.ring.*}). Every service that computes placement must use the same
 * values, or rings diverge; the signature exposed on {@code /admin/ring} and in metrics shows it.
 *
 * @param virtualNodes points per unit of node weight; see docs/ring-spec.md for the measurement
 *     behind the default
 * @param boundedLoad optional bounded-load placement
 */
@ConfigurationProperties("im.ring")
public record RingProperties(
        @DefaultValue("" + Ring.DEFAULT_VIRTUAL_NODES) int virtualNodes,
        @DefaultValue BoundedLoadMode boundedLoad) {

    /**
     * Bounded-load placement (off by default).
     *
     * @param enabled whether placement caps each node at (1 + epsilon) × its weighted mean load
     * @param epsilon allowed overload above the mean
     */
    public record BoundedLoadMode(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("0.25") double epsilon) {}
}
