package im.client;

/**
 * {@code user}, the other participant of the direct conversation {@code conversation}, has a device
 * holding every message of it up to {@code seq} (the second tick).
 */
public record Delivered(String conversation, long seq, String user) {}
