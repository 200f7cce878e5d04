package im.presence.session;

import im.cluster.Membership;
import org.springframework.stereotype.Component;

/**
 * When a gateway leaves the membership (crash detected within the membership bound, or a graceful
 * leave), its sessions are over: mark them closed at once instead of waiting for the gateway.
 */
@Component
class NodeFailureHandler {

    NodeFailureHandler(Membership membership, SessionTracker tracker) {
        membership.addListener(change -> change.left().forEach(tracker::nodeGone));
    }
}
