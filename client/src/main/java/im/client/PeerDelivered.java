package im.client;

import im.protocol.ConversationId;
import im.protocol.ImException;
import im.protocol.frame.ServerFrame;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Per direct conversation, how far the other participant has the messages, from {@code delivered}
 * pushes and the {@code peerDelivered} of sync pages. The application is told only when it grows: a push
 * and a page can say the same, and a late push can say less. Confined to the client's thread.
 */
final class PeerDelivered {

    private final Map<String, Long> told = new HashMap<>();
    private final Consumer<Delivered> application;

    PeerDelivered(Consumer<Delivered> application) {
        this.application = application;
    }

    /** A {@code delivered} push. */
    void pushed(ServerFrame.Delivered f) {
        offer(f.conv(), f.seq(), f.user());
    }

    /** A {@code messages} page, seen by {@code self} (0: nothing delivered, or not a conversation with someone else). */
    void page(ServerFrame.Messages f, String self) {
        if (f.peerDelivered() <= 0) {
            return;
        }
        try {
            String peer = ConversationId.peer(f.conv(), self);
            if (peer != null) {
                offer(f.conv(), f.peerDelivered(), peer);
            }
        } catch (ImException notAConversation) {
            // not from a conforming server; nothing to tell
        }
    }

    private void offer(String conversation, long seq, String user) {
        if (seq > told.getOrDefault(conversation, 0L)) {
            told.put(conversation, seq);
            application.accept(new Delivered(conversation, seq, user));
        }
    }
}
