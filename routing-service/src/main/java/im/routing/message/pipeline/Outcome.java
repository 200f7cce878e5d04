package im.routing.message.pipeline;

import im.common.message.ChatMessage;
import im.common.message.InboundMessage;

/**
 * What became of one inbound message: stored now, found stored before (a resend or a re-run of a
 * batch), or rejected with an error code (nothing stored).
 */
record Outcome(InboundMessage inbound, ChatMessage stored, boolean duplicate, String error) {

    static Outcome stored(InboundMessage in, ChatMessage m) {
        return new Outcome(in, m, false, null);
    }

    static Outcome duplicate(InboundMessage in, ChatMessage m) {
        return new Outcome(in, m, true, null);
    }

    static Outcome rejected(InboundMessage in, String error) {
        return new Outcome(in, null, false, error);
    }
}
