package im.presence;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Presence settings ({@code im.presence.*}).
 *
 * @param statusChannel Redis pub/sub channel on which status changes are published
 * @param cacheIdleEviction how long an in-memory status entry lives after its last read (the seed's
 *     30 minutes); the Redis and PostgreSQL levels below it keep the truth
 */
@ConfigurationProperties("im.presence")
public record PresenceProperties(
        @DefaultValue("im:presence") String statusChannel,
        @DefaultValue("30m") Duration cacheIdleEviction) {}
