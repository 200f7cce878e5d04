package im.routing.message.pipeline;

import im.contracts.message.ChatMessage;
import im.contracts.message.InboundMessage;

/**
 * What became of one inbound message: stored now, found stored before (a resend or a re-run of a
 * batch), or rejected with an error code (nothing stored).
 */
record Outcome(InboundMessage inbound, ChatMessage stored, boolean duplicate, String error, long groupVersion) {

    static Outcome stored(InboundMessage in, ChatMessage m) {
        return new Outcome(in, m, false, null, 0);
    }

    static Outcome duplicate(InboundMessage in, ChatMessage m) {
        return new Outcome(in, m, true, null, 0);
    }

    static Outcome rejected(InboundMessage in, String error) {
        return new Outcome(in, null, false, error, 0);
    }

    /** This outcome of a group message, with the group's membership version read with the check. */
    Outcome inGroup(long version) {
        return new Outcome(inbound, stored, duplicate, error, version);
    }
}
