package im.gateway.session;

import im.contracts.presence.SessionInfo;

/**
 * A user's connection to this gateway, as the rest of the gateway sees it.
 *
 * @param userId the authenticated user
 * @param info its session id, this node, the device and when it opened
 */
public record LocalSession(String userId, SessionInfo info) {}
