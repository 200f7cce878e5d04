package im.contracts.message;

import java.util.List;

/**
 * One page of a conversation, oldest first: what {@code sync} of a conversation returns.
 *
 * @param conversation the conversation id
 * @param lastSeq the conversation's newest sequence number (0 when it has none)
 * @param messages messages with {@code seq} greater than the requested one, in order, gap-free
 * @param more whether messages after the last one on this page exist (ask again after its seq)
 * @param peerDelivered in a direct conversation with someone else, the highest sequence number any device
 *     of the participant other than the one asking acknowledged (0 when none, and in group and self
 *     conversations)
 */
public record MessagePage(
        String conversation, long lastSeq, List<ChatMessage> messages, boolean more, Long peerDelivered) {

    public MessagePage {
        // Boxed: a page from a routing instance older than this field has none, which Jackson refuses to
        // read into a primitive; during a rolling update that must read as nothing delivered, not fail.
        peerDelivered = peerDelivered == null ? 0L : peerDelivered;
    }
}
