package im.contracts.message;

/**
 * A device's acknowledgement: it has every message of {@code conversation} up to {@code seq}. Routing
 * keeps the highest per (user, device, conversation): the device's delivered cursor, where its next
 * login sync starts. In a direct conversation, a receipt that raises the highest cursor over the user's
 * devices is also told to the other participant ({@link Delivery.Kind#DELIVERED}).
 */
public record Receipt(String userId, String device, String conversation, long seq) {}
