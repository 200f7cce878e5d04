package im.contracts.message;

import java.util.List;

/**
 * One page of a conversation, oldest first: what {@code sync} of a conversation returns.
 *
 * @param conversation the conversation id
 * @param lastSeq the conversation's newest sequence number (0 when it has none)
 * @param messages messages with {@code seq} greater than the requested one, in order, gap-free
 * @param more whether messages after the last one on this page exist (ask again after its seq)
 */
public record MessagePage(String conversation, long lastSeq, List<ChatMessage> messages, boolean more) {}
