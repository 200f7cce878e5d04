package im.client;

import im.protocol.frame.ServerFrame;

/** Between the protocol's frames and what the application sees. */
final class Frames {

    private Frames() {}

    static Message message(ServerFrame.Message m) {
        return new Message(
                m.id(), m.conv(), m.seq(), m.from(), m.to(), m.clientMsgId(), m.body(), m.sentAt(), m.storedAt());
    }
}
