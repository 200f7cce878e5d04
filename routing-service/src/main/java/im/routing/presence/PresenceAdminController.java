package im.routing.presence;

import im.cluster.RingHolder;
import im.cluster.RingView;
import im.contracts.presence.SessionInfo;
import im.contracts.presence.UserPresence;
import im.presence.client.BlockList;
import im.presence.client.PresenceKeys;
import im.presence.client.PresenceReader;
import im.routing.RoutingProperties;
import im.web.management.ManagementApi;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;

/** Where a user is and should be, and what this routing node believes about them through its own cache. */
@ManagementApi
@RequestMapping("/admin")
@Tag(name = "presence (routing view)", description = "Where users are connected; this node's cached view")
class PresenceAdminController {

    private final PresenceReader presence;
    private final BlockList blocks;
    private final StringRedisTemplate redis;
    private final RingHolder ring;
    private final int ownersShown;

    PresenceAdminController(
            PresenceReader presence,
            BlockList blocks,
            StringRedisTemplate redis,
            RingHolder ring,
            RoutingProperties properties) {
        this.presence = presence;
        this.blocks = blocks;
        this.redis = redis;
        this.ring = ring;
        this.ownersShown = properties.ownersShown();
    }

    @GetMapping("/users/{userId}")
    @Operation(
            summary = "Where a user is connected, and where the ring places them",
            description = "Placement: the ring owner and the failover order (null/empty while no gateway is on"
                    + " the ring). Location: the user's live sessions (node, device, since) as presence-service"
                    + " recorded them in Redis, read now, bypassing this node's cache; lastSeen when offline."
                    + " onOwner: every session is on the owner (false while a user is being moved)."
                    + " cachedHere: whether this routing node holds the user in its in-memory cache.")
    UserWhere user(@PathVariable String userId) {
        RingView view = ring.current();
        List<String> owners = view.ring().isEmpty() ? List.of() : view.ring().owners(userId, ownersShown);
        String owner = owners.isEmpty() ? null : owners.get(0);
        boolean cached = presence.inMemory(userId);
        Map<Object, Object> hash = redis.opsForHash().entries(PresenceKeys.user(userId));
        UserPresence live = PresenceReader.fromRedis(userId, hash);
        Instant lastSeen = live.lastSeen();
        if (hash.isEmpty()) {
            lastSeen = presence.get(userId).lastSeen(); // not in Redis: the database knows the last time
        }
        List<String> nodes = live.nodes();
        return new UserWhere(
                userId,
                owner,
                owners,
                view.epoch(),
                view.ring().signature(),
                live.online(),
                live.sessions(),
                nodes,
                owner != null && !nodes.isEmpty() && nodes.stream().allMatch(owner::equals),
                lastSeen,
                cached);
    }

    @GetMapping("/presence/{userId}")
    @Operation(summary = "A user's presence as this node sees it (memory, else Redis, else PostgreSQL)")
    UserPresence presence(@PathVariable String userId) {
        return presence.get(userId);
    }

    @GetMapping("/blocks/{recipient}/{sender}")
    @Operation(summary = "Whether recipient blocks sender, as the message pipeline would decide here")
    BlockCheck blocked(@PathVariable String recipient, @PathVariable String sender) {
        return new BlockCheck(recipient, sender, blocks.isBlocked(recipient, sender));
    }

    /** The answer of a block check. */
    record BlockCheck(String recipient, String sender, boolean blocked) {}

    /** Placement (ring) and location (presence) of one user. */
    record UserWhere(
            String userId,
            String owner,
            List<String> owners,
            long epoch,
            String signature,
            boolean online,
            List<SessionInfo> sessions,
            List<String> nodes,
            boolean onOwner,
            Instant lastSeen,
            boolean cachedHere) {}
}
