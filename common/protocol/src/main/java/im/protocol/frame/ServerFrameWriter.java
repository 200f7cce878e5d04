package im.protocol.frame;

import im.protocol.frame.ServerFrame.Accepted;
import im.protocol.frame.ServerFrame.ConversationState;
import im.protocol.frame.ServerFrame.Message;
import im.protocol.frame.ServerFrame.Messages;

/** Server frames as JSON text (docs/protocol.md, "Server → client"). */
final class ServerFrameWriter {

    private ServerFrameWriter() {}

    static String write(ServerFrame frame) {
        if (frame instanceof Message m) {
            return message(m);
        }
        if (frame instanceof Accepted a) {
            return FrameWriter.of("accepted")
                    .string("clientMsgId", a.clientMsgId())
                    .string("id", a.id())
                    .string("conv", a.conv())
                    .number("seq", a.seq())
                    .number("storedAt", a.storedAt())
                    .end();
        }
        if (frame instanceof Messages p) {
            return messages(p);
        }
        if (frame instanceof ServerFrame.SyncState s) {
            StringBuilder out = FrameWriter.of("sync_state")
                    .ref(s.ref())
                    .bool("more", s.more())
                    .raw("conversations");
            out.append('[');
            for (int i = 0; i < s.conversations().size(); i++) {
                ConversationState c = s.conversations().get(i);
                out.append(i == 0 ? "{\"conv\":" : ",{\"conv\":");
                JsonText.append(out, c.conv());
                out.append(",\"lastSeq\":")
                        .append(c.lastSeq())
                        .append(",\"delivered\":")
                        .append(c.delivered());
                out.append('}');
            }
            return out.append("]}").toString();
        }
        return small(frame);
    }

    private static String small(ServerFrame frame) {
        if (frame instanceof ServerFrame.Welcome w) {
            return FrameWriter.of("welcome")
                    .string("sessionId", w.sessionId())
                    .string("userId", w.userId())
                    .string("node", w.node())
                    .number("heartbeatMillis", w.heartbeatMillis())
                    .number("idleTimeoutMillis", w.idleTimeoutMillis())
                    .end();
        }
        if (frame instanceof ServerFrame.Redirect r) {
            return FrameWriter.of("redirect")
                    .string("node", r.node())
                    .string("url", r.url())
                    .end();
        }
        if (frame instanceof ServerFrame.Pong p) {
            return FrameWriter.of("pong").ref(p.ref()).end();
        }
        if (frame instanceof ServerFrame.Subscribed s) {
            return FrameWriter.of("subscribed")
                    .ref(s.ref())
                    .strings("users", s.users())
                    .end();
        }
        if (frame instanceof ServerFrame.Unsubscribed u) {
            return FrameWriter.of("unsubscribed")
                    .ref(u.ref())
                    .strings("users", u.users())
                    .end();
        }
        if (frame instanceof ServerFrame.Delivered d) {
            return FrameWriter.of("delivered")
                    .string("conv", d.conv())
                    .number("seq", d.seq())
                    .string("user", d.user())
                    .end();
        }
        if (frame instanceof ServerFrame.Presence p) {
            return FrameWriter.of("presence")
                    .string("userId", p.userId())
                    .bool("online", p.online())
                    .strings("devices", p.devices())
                    .string("lastSeen", p.lastSeen())
                    .end();
        }
        ServerFrame.Error e = (ServerFrame.Error) frame;
        return FrameWriter.of("error")
                .string("code", e.code())
                .string("message", e.message())
                .ref(e.ref())
                .optional("clientMsgId", e.clientMsgId())
                .end();
    }

    private static String message(Message m) {
        StringBuilder out = new StringBuilder(160 + m.body().length()).append("{\"type\":\"message\",");
        FrameWriter.messageFields(out, m);
        return out.append('}').toString();
    }

    private static String messages(Messages p) {
        StringBuilder out = FrameWriter.of("messages", 256)
                .ref(p.ref())
                .string("conv", p.conv())
                .number("lastSeq", p.lastSeq())
                .number("peerDelivered", p.peerDelivered())
                .bool("more", p.more())
                .raw("messages");
        out.append('[');
        for (int i = 0; i < p.messages().size(); i++) {
            out.append(i == 0 ? "{" : ",{");
            FrameWriter.messageFields(out, p.messages().get(i));
            out.append('}');
        }
        return out.append("]}").toString();
    }
}
