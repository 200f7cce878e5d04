package im.gateway.admin;

import im.gateway.GatewayProperties;
import im.gateway.connection.ConnectionService;
import im.gateway.connection.Drain;
import im.gateway.session.LocalSession;
import im.gateway.session.SessionRegistry;
import im.protocol.ErrorCode;
import im.protocol.ImException;
import im.web.management.ManagementApi;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Operating one gateway node: its sessions, closing a user's or a device's sessions, draining it. */
@ManagementApi
@RequestMapping("/admin")
@Tag(name = "gateway", description = "Sessions on this gateway node, kicks and drain")
class GatewayAdminController {

    static final int MAX_LIMIT = 100_000;

    private final SessionRegistry sessions;
    private final ConnectionService connections;
    private final Drain drain;
    private final GatewayProperties properties;

    GatewayAdminController(
            SessionRegistry sessions, ConnectionService connections, Drain drain, GatewayProperties properties) {
        this.sessions = sessions;
        this.connections = connections;
        this.drain = drain;
        this.properties = properties;
    }

    @GetMapping("/sessions")
    @Operation(
            summary = "The sessions on this node",
            description = "Every authenticated session here (or only those of one user), oldest first: session"
                    + " id, user, device and since when. total counts all that match; at most 'limit' are listed"
                    + " (truncated tells).")
    SessionList sessions(
            @Parameter(description = "only this user's sessions") @RequestParam(required = false) String user,
            @Parameter(description = "most sessions listed, 1-100000") @RequestParam(defaultValue = "1000") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "limit must be 1-" + MAX_LIMIT);
        }
        Collection<LocalSession> matching = user == null ? sessions.all() : sessions.sessionsOf(user);
        List<SessionView> listed = matching.stream()
                .sorted(Comparator.comparing((LocalSession s) -> s.info().since())
                        .thenComparing(s -> s.info().sessionId()))
                .limit(limit)
                .map(s -> new SessionView(
                        s.info().sessionId(),
                        s.userId(),
                        s.info().device(),
                        s.info().since()))
                .toList();
        return new SessionList(
                properties.nodeId(), drain.draining(), matching.size(), matching.size() > listed.size(), listed);
    }

    @DeleteMapping("/users/{userId}")
    @Operation(
            summary = "Kick a user off this node",
            description = "Closes every connection of the user here with close code 4410 ('kicked'). The client"
                    + " may reconnect (after backoff) while its token is valid: to keep a user out, revoke or"
                    + " stop issuing their tokens. 404 'not_found' when the user has no session here.")
    Kick kickUser(@PathVariable String userId) {
        return kick(userId, null);
    }

    @DeleteMapping("/users/{userId}/devices/{device}")
    @Operation(
            summary = "Kick one device of a user off this node",
            description = "As DELETE /admin/users/{userId}, for the connections of one device only.")
    Kick kickDevice(@PathVariable String userId, @PathVariable String device) {
        return kick(userId, device);
    }

    private Kick kick(String userId, String device) {
        int closed = connections.closeSessions(userId, device, ErrorCode.KICKED, "closed by an operator");
        if (closed == 0) {
            throw new ImException(
                    ErrorCode.NOT_FOUND,
                    "no session of " + userId + (device == null ? "" : " on device " + device) + " on node "
                            + properties.nodeId());
        }
        return new Kick(properties.nodeId(), userId, device, closed);
    }

    @PostMapping("/drain")
    @Operation(
            summary = "Drain this node without stopping it",
            description = "Leaves the ring at once (every service places its users elsewhere), reports not ready,"
                    + " and moves every connection to its new owner ('redirect', close 4307) spread over"
                    + " im.gateway.connection.drain-period, in the background; new connections are refused with"
                    + " 1012 'node_draining'. The node keeps consuming its queue. It stays out of the ring until"
                    + " it is restarted. 202 with the state; repeating it changes nothing.")
    ResponseEntity<DrainState> drain() {
        drain.drainNow();
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(state());
    }

    @GetMapping("/drain")
    @Operation(summary = "Whether this node is drained, and how many connections it still holds")
    DrainState state() {
        return new DrainState(
                properties.nodeId(),
                drain.draining(),
                connections.count(),
                properties.connection().drainPeriod());
    }

    /** One session as listed. */
    record SessionView(String sessionId, String userId, String device, Instant since) {}

    /** The sessions answer. */
    record SessionList(String node, boolean draining, int total, boolean truncated, List<SessionView> sessions) {}

    /** What a kick closed. {@code device} is null when all the user's devices were kicked. */
    record Kick(String node, String userId, String device, int closed) {}

    /** A node's drain state. */
    record DrainState(String node, boolean draining, int connections, Duration drainPeriod) {}
}
