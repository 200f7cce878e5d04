package im.client;

import java.util.HashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

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
            write.accept(Frames.of("sync", "limit", PAGE));
        }
    }

    /** One conversation, from the newest message held. */
    void conversation(String conv) {
        if (!connected.getAsBoolean()) {
            return;
        }
        if (syncing.add(conv)) {
            write.accept(Frames.of("sync", "conv", conv, "after", inbox.highest(conv), "limit", PAGE));
        } else {
            resync.add(conv); // the page in flight may end before the message that showed the gap
        }
    }

    /** A {@code sync_state} answer. */
    void state(JsonNode f) {
        String last = null;
        for (JsonNode e : f.get("conversations")) {
            String conv = e.get("conv").asString();
            inbox.atLeast(conv, e.get("delivered").asLong());
            if (e.get("lastSeq").asLong() > inbox.highest(conv)) {
                conversation(conv);
            }
            last = conv;
        }
        if (f.path("more").asBoolean() && last != null) {
            write.accept(Frames.of("sync", "limit", PAGE, "afterConv", last));
        }
    }

    /** A {@code messages} page. */
    void page(JsonNode f) {
        String conv = f.get("conv").asString();
        syncing.remove(conv);
        for (JsonNode m : f.get("messages")) {
            inbox.offer(Frames.message(m));
        }
        boolean gapSeen = resync.remove(conv);
        if (f.path("more").asBoolean() || gapSeen) {
            conversation(conv);
        }
    }

    /** The connection dropped: nothing is in flight any more. */
    void reset() {
        syncing.clear();
        resync.clear();
    }
}
