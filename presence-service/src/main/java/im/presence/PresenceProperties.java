package im.presence;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Presence settings ({@code im.presence.*}). The read path's cache settings are {@code
 * im.presence-cache.*} (shared with routing).
 *
 * @param sessionTopicPartitions partitions of the {@code im.session} topic when presence creates it:
 *     the ceiling on presence instances consuming session events in parallel
 */
@ConfigurationProperties("im.presence")
public record PresenceProperties(@DefaultValue("8") int sessionTopicPartitions) {}
