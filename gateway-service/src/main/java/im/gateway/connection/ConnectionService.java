package im.gateway.connection;

import im.cluster.Member;
import im.cluster.Membership;
import im.cluster.RingHolder;
import im.gateway.GatewayProperties;
import im.gateway.client.Connection;
import im.gateway.client.Frame;
import im.gateway.message.LocalDelivery;
import im.gateway.message.MessageService;
import im.gateway.presence.PresenceRelay;
import im.gateway.session.LocalSession;
import im.gateway.session.SessionRegistry;
import im.protocol.ErrorCode;
import im.ring.Ring;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * The life of an authenticated connection, independent of the transport: placement (redirect to the
 * ring owner), the session (reported to presence), heartbeats and the idle timeout.
 */
@Service
public class ConnectionService {

    /** Most users one subscribe frame may name. */
    static final int MAX_WATCHED_PER_FRAME = 500;

    private final SessionRegistry sessions;
    private final PresenceRelay presence;
    private final MessageService messages;
    private final LocalDelivery delivery;
    private final RingHolder ring;
    private final Membership membership;
    private final GatewayProperties properties;
    private final Clock clock;
    private final Map<String, Open> open = new ConcurrentHashMap<>();

    private record Open(Connection connection, LocalSession session, long[] lastFrameMillis) {}

    ConnectionService(
            SessionRegistry sessions,
            PresenceRelay presence,
            MessageService messages,
            LocalDelivery delivery,
            RingHolder ring,
            Membership membership,
            GatewayProperties properties,
            Clock clock) {
        this.sessions = sessions;
        this.presence = presence;
        this.messages = messages;
        this.delivery = delivery;
        this.ring = ring;
        this.membership = membership;
        this.properties = properties;
        this.clock = clock;
    }

    /** A connection of {@code userId} passed authentication. */
    public void opened(Connection c, String userId, String device) {
        String owner = owner(userId);
        if (properties.connection().placement() == GatewayProperties.Placement.REDIRECT
                && owner != null
                && !owner.equals(properties.nodeId())) {
            redirect(c, owner);
            return;
        }
        LocalSession s = sessions.open(userId, device);
        open.put(c.id(), new Open(c, s, new long[] {clock.millis()}));
        delivery.attach(s, c);
        c.send(Frame.of(
                "welcome",
                "sessionId",
                s.info().sessionId(),
                "userId",
                userId,
                "node",
                properties.nodeId(),
                "heartbeatMillis",
                properties.connection().heartbeatInterval().toMillis(),
                "idleTimeoutMillis",
                properties.connection().idleTimeout().toMillis()));
    }

    /** A well-formed frame arrived. */
    public void onFrame(Connection c, Frame frame) {
        Open o = open.get(c.id());
        if (o == null) {
            return; // closing (redirected or refused)
        }
        o.lastFrameMillis()[0] = clock.millis();
        switch (frame.type()) {
            case "ping" -> c.send(Frame.of("pong", "ref", frame.fields().get("ref")));
            case "subscribe", "unsubscribe" -> watch(c, frame);
            case "send", "sync", "ack" -> messages.onFrame(c, o.session(), frame);
            default -> c.send(error(ErrorCode.MALFORMED_FRAME, "unknown frame type '" + frame.type() + "'", frame));
        }
    }

    private void watch(Connection c, Frame frame) {
        if (!(frame.fields().get("users") instanceof List<?> list)
                || list.isEmpty()
                || list.size() > MAX_WATCHED_PER_FRAME
                || !list.stream().allMatch(u -> u instanceof String s && !s.isBlank())) {
            c.send(error(
                    ErrorCode.VALIDATION_FAILED,
                    "'users' must be a list of 1 to " + MAX_WATCHED_PER_FRAME + " user ids",
                    frame));
            return;
        }
        List<String> users = list.stream().map(String.class::cast).distinct().toList();
        if (frame.type().equals("subscribe")) {
            c.send(Frame.of("subscribed", "ref", frame.fields().get("ref"), "users", users));
            presence.subscribe(c, users);
        } else {
            presence.unsubscribe(c, users);
            c.send(Frame.of("unsubscribed", "ref", frame.fields().get("ref"), "users", users));
        }
    }

    /** A frame that could not be read: answered, the connection stays open. */
    public void onUnreadable(Connection c, String why) {
        Open o = open.get(c.id());
        if (o != null) {
            o.lastFrameMillis()[0] = clock.millis();
        }
        c.send(Frame.of("error", "code", ErrorCode.MALFORMED_FRAME.code(), "message", why));
    }

    /** The transport closed (either side). */
    public void closed(Connection c) {
        presence.drop(c);
        Open o = open.remove(c.id());
        if (o != null) {
            delivery.detach(o.session().info().sessionId());
            messages.closed(o.session().info().sessionId());
            sessions.close(o.session().info().sessionId());
        }
    }

    /** Closes connections that sent nothing for the idle timeout. */
    @Scheduled(fixedDelay = 1000)
    void closeIdle() {
        long limit = clock.millis() - properties.connection().idleTimeout().toMillis();
        open.values().stream()
                .filter(o -> o.lastFrameMillis()[0] < limit)
                .forEach(o -> o.connection().close(ErrorCode.IDLE_TIMEOUT, "no frame within the idle timeout"));
    }

    /**
     * Open connections whose user the ring now places on another node (none with placement {@code
     * accept}, or while the ring is empty).
     */
    List<Connection> misplaced() {
        return all().stream().filter(this::misplaced).toList();
    }

    /** Whether {@code c}'s user is now placed on another node. */
    boolean misplaced(Connection c) {
        Open o = open.get(c.id());
        return o != null
                && properties.connection().placement() == GatewayProperties.Placement.REDIRECT
                && otherOwner(o) != null;
    }

    /** Every open connection. */
    List<Connection> all() {
        return open.values().stream().map(Open::connection).toList();
    }

    /**
     * Sends the connection's user to the node that owns them now ({@code redirect}, close 4307), or, if
     * no other node does (this one owns them, or the ring is empty), closes it with {@code
     * node_draining} so the client reconnects with backoff. Used when moving users and when draining.
     */
    void moveAway(Connection c) {
        Open o = open.get(c.id());
        if (o == null) {
            return;
        }
        String owner = otherOwner(o);
        if (owner != null) {
            redirect(c, owner);
        } else {
            c.close(ErrorCode.NODE_DRAINING, "node shutting down");
        }
    }

    private void redirect(Connection c, String owner) {
        Member target = membership.members().get(owner);
        c.send(Frame.of("redirect", "node", owner, "url", target == null ? null : target.address()));
        c.close(ErrorCode.REDIRECT, "owned by " + owner);
    }

    /** Open connections on this node. */
    public int count() {
        return open.size();
    }

    /**
     * Closes every connection of {@code userId} here (only those of {@code device} when it is not null)
     * with {@code code}; answers how many. For operators (kick); the transport's close callback then
     * ends the sessions as for any close.
     */
    public int closeSessions(String userId, String device, ErrorCode code, String reason) {
        List<Connection> hit = open.values().stream()
                .filter(o -> o.session().userId().equals(userId))
                .filter(o -> device == null || device.equals(o.session().info().device()))
                .map(Open::connection)
                .toList();
        hit.forEach(c -> c.close(code, reason));
        return hit.size();
    }

    /** The node the ring now places {@code o}'s user on, if that is not this one; else null. */
    private String otherOwner(Open o) {
        String owner = owner(o.session().userId());
        return owner == null || owner.equals(properties.nodeId()) ? null : owner;
    }

    private String owner(String userId) {
        Ring r = ring.current().ring();
        return r.isEmpty() ? null : r.nodeFor(userId);
    }

    private static Frame error(ErrorCode code, String message, Frame cause) {
        return Frame.of(
                "error",
                "code",
                code.code(),
                "message",
                message,
                "ref",
                cause.fields().get("ref"));
    }
}
