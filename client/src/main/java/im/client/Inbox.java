package im.client;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Per conversation, the highest sequence number handed to the application. A message is handed over
 * only if it is the next one: older ones are duplicates (a push and a sync page can carry the same
 * message), newer ones reveal a gap, which asks for a sync from what we have. So the application sees
 * every conversation in order, gap-free, each message once. Confined to the client's thread.
 */
final class Inbox {

    private final Map<String, Long> highest = new HashMap<>();
    private final Set<String> unacked = new HashSet<>();
    private final Consumer<Message> application;
    private final Consumer<String> gap;

    /** @param gap called with a conversation that has a gap: sync it after {@link #highest(String)} */
    Inbox(Consumer<Message> application, Consumer<String> gap) {
        this.application = application;
        this.gap = gap;
    }

    long highest(String conversation) {
        return highest.getOrDefault(conversation, 0L);
    }

    /** Starts a conversation at {@code seq} (the device's delivered cursor) if we know less. */
    void atLeast(String conversation, long seq) {
        highest.merge(conversation, seq, Math::max);
    }

    /** Offers one message; true if it went to the application. */
    boolean offer(Message m) {
        long have = highest(m.conversation());
        if (m.seq() <= have) {
            return false;
        }
        if (m.seq() > have + 1) {
            gap.accept(m.conversation());
            return false;
        }
        highest.put(m.conversation(), m.seq());
        unacked.add(m.conversation());
        application.accept(m);
        return true;
    }

    /** Conversations with messages handed over since the last call, to acknowledge. */
    Map<String, Long> takeUnacked() {
        Map<String, Long> out = new HashMap<>();
        unacked.forEach(c -> out.put(c, highest(c)));
        unacked.clear();
        return out;
    }
}
