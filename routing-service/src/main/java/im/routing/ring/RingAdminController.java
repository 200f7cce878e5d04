package im.routing.ring;

import im.cluster.Member;
import im.cluster.Membership;
import im.cluster.RingHolder;
import im.cluster.RingView;
import im.protocol.ErrorCode;
import im.protocol.ImException;
import im.ring.Ring;
import im.routing.RoutingProperties;
import im.web.management.ManagementApi;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;

/** Read-only admin view of the ring and the membership it follows: what they look like, where a user belongs. */
@ManagementApi
@RequestMapping("/admin")
@Tag(name = "ring", description = "Consistent-hash ring of gateway nodes")
class RingAdminController {

    private final RingHolder holder;
    private final Membership membership;
    private final int ownersShown;

    RingAdminController(RingHolder holder, Membership membership, RoutingProperties properties) {
        this.holder = holder;
        this.membership = membership;
        this.ownersShown = properties.ownersShown();
    }

    @GetMapping("/ring")
    @Operation(
            summary = "The current ring",
            description = "Epoch (local rebuild count), signature (equal on every node that agrees),"
                    + " and for each node its weight, virtual points and share of the hash space.")
    RingResponse ring() {
        RingView view = holder.current();
        Ring ring = view.ring();
        Map<String, Double> shares = ring.shares();
        List<NodeShare> nodes = ring.nodes().stream()
                .map(n -> new NodeShare(n, ring.weight(n), ring.pointsOf(n), shares.get(n)))
                .toList();
        return new RingResponse(view.epoch(), ring.signature(), ring.virtualNodes(), view.since(), nodes);
    }

    @GetMapping("/members")
    @Operation(
            summary = "The gateway membership",
            description = "Every registered gateway node as this service sees it (Redis or etcd): id, advertised"
                    + " WebSocket address, weight, when it started and when it last refreshed its registration"
                    + " (Redis; equal to the start on etcd). The ring is built from exactly these nodes.")
    List<Member> members() {
        return membership.members().values().stream()
                .sorted(Comparator.comparing(Member::id))
                .toList();
    }

    @GetMapping("/route/{userId}")
    @Operation(
            summary = "Where a user belongs",
            description = "The ring owner of the user and the next owners in failover order"
                    + " (im.routing.owners-shown in all, default 3)."
                    + " 503 with code 'unavailable' when no gateway node is known.")
    RouteResponse route(@Parameter(description = "user id, any UTF-8 string") @PathVariable String userId) {
        RingView view = holder.current();
        if (view.ring().isEmpty()) {
            throw new ImException(ErrorCode.UNAVAILABLE, "no gateway node is on the ring");
        }
        List<String> owners = view.ring().owners(userId, ownersShown);
        return new RouteResponse(
                userId, owners.get(0), owners, view.epoch(), view.ring().signature());
    }

    /** One node of the ring. */
    record NodeShare(String id, int weight, int virtualPoints, double share) {}

    /** The ring as the admin API shows it. */
    record RingResponse(long epoch, String signature, int virtualNodes, Instant since, List<NodeShare> nodes) {}

    /** A user's placement: {@code owners.get(0) == owner}. */
    record RouteResponse(String userId, String owner, List<String> owners, long epoch, String signature) {}
}
