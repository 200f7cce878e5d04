package im.presence.client;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The presence read path used by routing and gateways ({@code im.presence-cache.*}).
 *
 * @param idleEviction in-memory entries are dropped this long after their last read (30 minutes by
 *     default): a node keeps only the users it currently routes for
 * @param maxStaleness an in-memory entry is re-read from Redis at the latest this long after it was last
 *     written (loaded or updated by pub/sub): the bound on staleness when an update was lost (pub/sub
 *     keeps nothing, e.g. while the subscription reconnects)
 * @param maximumSize upper bound of in-memory entries per cache, a guard against a burst of distinct users
 * @param invalidationAckTimeout how long a block-list change waits for every cache to confirm it
 */
@ConfigurationProperties("im.presence-cache")
public record PresenceCacheProperties(
        @DefaultValue("30m") Duration idleEviction,
        @DefaultValue("30s") Duration maxStaleness,
        @DefaultValue("1000000") long maximumSize,
        @DefaultValue("1s") Duration invalidationAckTimeout) {}
