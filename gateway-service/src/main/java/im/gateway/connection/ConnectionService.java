package im.gateway.connection;

import im.cluster.Member;
import im.cluster.Membership;
import im.cluster.RingHolder;
import im.gateway.GatewayProperties;
import im.gateway.message.MessageFrames;
import im.gateway.presence.PresenceRelay;
import im.gateway.session.ClientSession;
import im.gateway.session.Connection;
import im.gateway.session.SessionRegistry;
import im.protocol.ErrorCode;
import im.protocol.frame.ClientFrame;
import im.protocol.frame.Decoded;
import im.protocol.frame.FrameCodec;
import im.protocol.frame.Limits;
import im.protocol.frame.ServerFrame;
import im.ring.Ring;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * The life of an authenticated connection, independent of the transport: placement (redirect to the
 * ring owner), the session, frames to their handlers, heartbeats and the idle timeout.
 *
 * <p>Threading: {@link #opened}, {@link #onText}, {@link #onUnreadable} and {@link #closed} run on
 * the connection's container thread; nothing here blocks on another service (the handlers that must
 * ask one do it on their own executor).
 */
@Service
public class ConnectionService {

    private final SessionRegistry sessions;
    private final PresenceRelay presence;
    private final MessageFrames messages;
    private final RingHolder ring;
    private final Membership membership;
    private final GatewayProperties properties;
    private final FrameCodec codec;
    private final Clock clock;

    ConnectionService(
            SessionRegistry sessions,
            PresenceRelay presence,
            MessageFrames messages,
            RingHolder ring,
            Membership membership,
            GatewayProperties properties,
            Limits limits,
            Clock clock) {
        this.sessions = sessions;
        this.presence = presence;
        this.messages = messages;
        this.ring = ring;
        this.membership = membership;
        this.properties = properties;
        this.codec = new FrameCodec(limits);
        this.clock = clock;
    }

    /** A connection of {@code userId} on {@code device} passed authentication. */
    public void opened(Connection c, String userId, String device) {
        String owner = owner(userId);
        if (properties.connection().placement() == GatewayProperties.Placement.REDIRECT
                && owner != null
                && !owner.equals(properties.nodeId())) {
            redirect(c, owner, device);
            return;
        }
        ClientSession s = sessions.open(c, userId, device);
        s.send(new ServerFrame.Welcome(
                s.id(),
                userId,
                properties.nodeId(),
                properties.connection().heartbeatInterval().toMillis(),
                properties.connection().idleTimeout().toMillis()));
    }

    /** A whole text frame arrived. */
    public void onText(Connection c, String text) {
        ClientSession s = sessions.byConnection(c.id());
        if (s == null) {
            return; // closing (redirected or refused)
        }
        s.touch(clock.millis());
        Decoded d = codec.decode(text);
        if (!d.ok()) {
            s.send(d.refusal().toFrame());
            return;
        }
        ClientFrame f = d.frame();
        if (f instanceof ClientFrame.Ping p) {
            s.send(new ServerFrame.Pong(p.ref()));
        } else if (f instanceof ClientFrame.Subscribe sub) {
            presence.subscribe(s, sub);
        } else if (f instanceof ClientFrame.Unsubscribe unsub) {
            presence.unsubscribe(s, unsub);
        } else {
            messages.onFrame(s, f);
        }
    }

    /** A frame that is not text (binary): answered, the connection stays open. */
    public void onUnreadable(Connection c, String why) {
        ClientSession s = sessions.byConnection(c.id());
        if (s != null) {
            s.touch(clock.millis());
            s.send(new ServerFrame.Error(ErrorCode.MALFORMED_FRAME.code(), why, null, null));
        }
    }

    /** The transport closed (either side). */
    public void closed(Connection c) {
        ClientSession s = sessions.byConnection(c.id());
        if (s != null) {
            sessions.close(s);
        }
    }

    /** Closes connections that sent nothing for the idle timeout. */
    @Scheduled(fixedDelay = 1000)
    void closeIdle() {
        long limit = clock.millis() - properties.connection().idleTimeout().toMillis();
        for (ClientSession s : sessions.all()) {
            if (s.lastFrameMillis() < limit) {
                s.connection().close(ErrorCode.IDLE_TIMEOUT, "no frame within the idle timeout");
            }
        }
    }

    /**
     * Open sessions whose user the ring now places on another node (none with placement {@code
     * accept}, or while the ring is empty).
     */
    List<ClientSession> misplaced() {
        return sessions.all().stream().filter(this::misplaced).toList();
    }

    /**
     * Whether {@code s}'s user is now placed on another node. Never while this node is missing from its
     * own ring: a lapsed registration (a heartbeat late under load) is restored within a heartbeat, and
     * moving every user away meanwhile would turn a blip into a reconnect storm. Routing delivers to
     * where users are, so nothing is misrouted while they stay; a drain moves them explicitly.
     */
    boolean misplaced(ClientSession s) {
        return !s.isClosed()
                && properties.connection().placement() == GatewayProperties.Placement.REDIRECT
                && ring.current().ring().weight(properties.nodeId()) > 0
                && otherOwner(s) != null;
    }

    /** Every open session. */
    List<ClientSession> all() {
        return List.copyOf(sessions.all());
    }

    /**
     * Sends the session's user to the node that owns them now ({@code redirect}, close 4307), or, if
     * no other node does (this one owns them, or the ring is empty), closes it with {@code
     * node_draining} so the client reconnects with backoff. Used when moving users and when draining.
     */
    void moveAway(ClientSession s) {
        if (s.isClosed()) {
            return;
        }
        String owner = otherOwner(s);
        if (owner != null) {
            redirect(s.connection(), owner, s.device());
        } else {
            s.connection().close(ErrorCode.NODE_DRAINING, "node shutting down");
        }
    }

    private void redirect(Connection c, String owner, String device) {
        Member target = membership.members().get(owner);
        String url = target == null ? null : withDevice(target.address(), device);
        c.send(FrameCodec.encode(new ServerFrame.Redirect(owner, url)));
        c.close(ErrorCode.REDIRECT, "owned by " + owner);
    }

    /** The owner's address with the device the client asked for, so it lands there as the same device. */
    static String withDevice(String address, String device) {
        URI uri = URI.create(address);
        String q = "device=" + URLEncoder.encode(device, StandardCharsets.UTF_8).replace("+", "%20");
        return address + (uri.getRawQuery() == null ? "?" : "&") + q;
    }

    /** Open sessions on this node. */
    public int count() {
        return sessions.count();
    }

    /**
     * Closes every session of {@code userId} here (only those of {@code device} when it is not null)
     * with {@code code}; answers how many. For operators (kick); the transport's close callback then
     * ends the sessions as for any close.
     */
    public int closeSessions(String userId, String device, ErrorCode code, String reason) {
        List<ClientSession> hit = sessions.sessionsOf(userId).stream()
                .filter(s -> device == null || device.equals(s.device()))
                .toList();
        hit.forEach(s -> s.connection().close(code, reason));
        return hit.size();
    }

    /** The node the ring now places {@code s}'s user on, if that is not this one; else null. */
    private String otherOwner(ClientSession s) {
        String owner = owner(s.userId());
        return owner == null || owner.equals(properties.nodeId()) ? null : owner;
    }

    private String owner(String userId) {
        Ring r = ring.current().ring();
        return r.isEmpty() ? null : r.nodeFor(userId);
    }
}
