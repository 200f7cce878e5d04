package im.cluster;

import im.ring.Ring;
import java.time.Instant;

/**
 * A ring with the local epoch at which it was installed.
 *
 * @param epoch increases by one on every change seen by this process (not comparable across nodes)
 * @param ring the immutable ring
 * @param since when it was installed
 */
public record RingView(long epoch, Ring ring, Instant since) {}
