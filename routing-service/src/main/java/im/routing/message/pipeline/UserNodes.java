package im.routing.message.pipeline;

import im.cluster.RingHolder;
import im.presence.client.PresenceReader;
import im.ring.Ring;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Where a user is, for anything routing sends to their devices (messages, delivered notices): the
 * nodes presence lists for their sessions (location), plus the ring owner.
 *
 * <p>The owner is added even when presence knows the user, because a user who just connected there may
 * not be in presence yet; in the normal case (clients follow {@code redirect}) location and owner are
 * the same node and this costs nothing. A user on no node still gets the record at the owner, which
 * finds no session and drops it.
 */
@Component
class UserNodes {

    private final PresenceReader presence;
    private final RingHolder ring;

    UserNodes(PresenceReader presence, RingHolder ring) {
        this.presence = presence;
        this.ring = ring;
    }

    /** The nodes of {@code user}'s sessions and their ring owner (none while the ring is empty). */
    Set<String> of(String user) {
        Set<String> nodes = new LinkedHashSet<>(presence.get(user).nodes());
        Ring r = ring.current().ring();
        if (!r.isEmpty()) {
            nodes.add(r.nodeFor(user));
        }
        return nodes;
    }
}
