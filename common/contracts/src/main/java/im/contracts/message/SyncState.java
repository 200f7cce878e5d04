package im.contracts.message;

import java.util.List;

/**
 * What a device is missing, for the sync at login: every conversation of the user whose newest
 * message is past the device's delivered cursor.
 *
 * @param conversations the conversations with something new, ordered by id
 * @param more whether more follow (ask again with {@code afterConv} = the last id here)
 */
public record SyncState(List<Entry> conversations, boolean more) {

    /**
     * @param conversation the conversation id
     * @param lastSeq its newest sequence number
     * @param delivered the highest sequence number this device acknowledged (0 if none)
     */
    public record Entry(String conversation, long lastSeq, long delivered) {}
}
