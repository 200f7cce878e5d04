package im.group;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Group settings ({@code im.group.*}).
 *
 * @param maxMembers the largest membership a group may have
 */
@ConfigurationProperties("im.group")
public record GroupProperties(@DefaultValue("10000") int maxMembers) {}
