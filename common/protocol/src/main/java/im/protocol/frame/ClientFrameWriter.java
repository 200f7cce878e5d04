package im.protocol.frame;

/** Client frames as JSON text, for clients (the reference client) and tests. */
final class ClientFrameWriter {

    private ClientFrameWriter() {}

    static String write(ClientFrame frame) {
        FrameWriter w = FrameWriter.of(frame.type()).ref(frame.ref());
        if (frame instanceof ClientFrame.Subscribe s) {
            w.strings("users", s.users());
        } else if (frame instanceof ClientFrame.Unsubscribe u) {
            w.strings("users", u.users());
        } else if (frame instanceof ClientFrame.Send s) {
            w.optional("to", s.to())
                    .optional("group", s.group())
                    .string("clientMsgId", s.clientMsgId())
                    .string("body", s.body());
        } else if (frame instanceof ClientFrame.Sync s) {
            w.string("conv", s.conv()).number("limit", s.limit());
            if (s.before() != null) {
                w.number("before", s.before());
            } else {
                w.number("after", s.after());
            }
        } else if (frame instanceof ClientFrame.SyncAll s) {
            w.number("limit", s.limit());
            if (!s.afterConv().isEmpty()) {
                w.string("afterConv", s.afterConv());
            }
        } else if (frame instanceof ClientFrame.Ack a) {
            w.string("conv", a.conv()).number("seq", a.seq());
        }
        return w.end();
    }
}
