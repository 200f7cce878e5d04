package im.client;

import im.protocol.frame.ClientFrame;
import im.protocol.frame.FrameCodec;
import im.protocol.frame.ServerFrame;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The sync side of the client: at login, ask what this device is missing ({@code sync_state}), then
 * page through each such conversation from the newest message held; on a gap, the same for one
 * conversation. At most one sync per conversation is in flight. Confined to the client's thread.
 */
final class Syncer {

    private static final int PAGE = 500;

    private final Inbox inbox;
    private final Consumer<String> write;
    private final BooleanSupplier connected;
    private final Set<String> syncing = new HashSet<>();
    /** Conversations that showed a gap while a sync of them was in flight: sync again after it. */
    private final Set<String> resync = new HashSet<>();

    Syncer(Inbox inbox, Consumer<String> write, BooleanSupplier connected) {
        this.inbox = inbox;
        this.write = write;
        this.connected = connected;
    }

    /** Every conversation with something past this device's cursor. */
    void all() {
        if (connected.getAsBoolean()) {
            write.accept(FrameCodec.encode(new ClientFrame.SyncAll(null, "", PAGE)));
        }
    }

    /** One conversation, from the newest message held. */
    void conversation(String conv) {
        if (!connected.getAsBoolean()) {
            return;
        }
        if (syncing.add(conv)) {
            write.accept(FrameCodec.encode(new ClientFrame.Sync(null, conv, inbox.highest(conv), null, PAGE)));
        } else {
            resync.add(conv); // the page in flight may end before the message that showed the gap
        }
    }

    /** A {@code sync_state} answer. */
    void state(ServerFrame.SyncState f) {
        String last = null;
        for (ServerFrame.ConversationState e : f.conversations()) {
            inbox.atLeast(e.conv(), e.delivered());
            if (e.lastSeq() > inbox.highest(e.conv())) {
                conversation(e.conv());
            }
            last = e.conv();
        }
        if (f.more() && last != null) {
            write.accept(FrameCodec.encode(new ClientFrame.SyncAll(null, last, PAGE)));
        }
    }

    /** A {@code messages} page. */
    void page(ServerFrame.Messages f) {
        String conv = f.conv();
        syncing.remove(conv);
        for (ServerFrame.Message m : f.messages()) {
            inbox.offer(Frames.message(m));
        }
        boolean gapSeen = resync.remove(conv);
        if (f.more() || gapSeen) {
            conversation(conv);
        }
    }

    /** The connection dropped: nothing is in flight any more. */
    void reset() {
        syncing.clear();
        resync.clear();
    }
}
