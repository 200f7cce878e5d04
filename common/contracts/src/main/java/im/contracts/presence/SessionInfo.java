package im.contracts.presence;

import java.time.Instant;

/**
 * One connected device of a user.
 *
 * @param sessionId unique per connection (chosen by the gateway)
 * @param node gateway node id holding the connection
 * @param device client-chosen device name ("phone", "laptop", ...)
 * @param since when the connection was authenticated
 */
public record SessionInfo(String sessionId, String node, String device, Instant since) {}
