package im.protocol.frame;

/** What {@link FrameCodec#decode} made of a client's text: a frame, or the reason it was refused. */
public record Decoded(ClientFrame frame, Refusal refusal) {

    static Decoded of(ClientFrame frame) {
        return new Decoded(frame, null);
    }

    static Decoded refused(Refusal refusal) {
        return new Decoded(null, refusal);
    }

    public boolean ok() {
        return frame != null;
    }
}
