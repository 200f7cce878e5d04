package im.client;

/** The server stored a message this client sent: its id and place in the conversation. */
public record Accepted(String clientMsgId, String id, String conversation, long seq) {}
