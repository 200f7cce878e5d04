package im.protocol.frame;

import im.protocol.ErrorCode;

/**
 * Why a client frame is not taken, to be answered with an {@code error} frame: the catalogued code, a
 * message for humans, and the frame's {@code ref} and {@code clientMsgId} when it had them (so the
 * client can tell which of its frames it was).
 */
public record Refusal(ErrorCode code, String message, Ref ref, String clientMsgId) {

    /** The {@code error} frame that answers it. */
    public ServerFrame.Error toFrame() {
        return new ServerFrame.Error(code.code(), message, ref, clientMsgId);
    }
}
