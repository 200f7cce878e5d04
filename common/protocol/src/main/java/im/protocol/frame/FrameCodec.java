package im.protocol.frame;

/**
 * The one codec of the client protocol (docs/protocol.md): what the gateway reads from clients and
 * writes to them, and what clients write and read. Thread-safe; keep one.
 *
 * <p>Reading a client's frame never throws: every text becomes a {@link ClientFrame} or a {@link
 * Refusal} with a catalogued code ({@code malformed_frame} for the shape, {@code validation_failed}
 * for a field's value) and, when the frame had them, its {@code ref} and {@code clientMsgId}.
 */
public final class FrameCodec {

    private final ClientFrameReader clientFrames;

    public FrameCodec(Limits limits) {
        this.clientFrames = new ClientFrameReader(limits);
    }

    /** A client's text frame: the frame, or why it is refused. */
    public Decoded decode(String text) {
        return clientFrames.read(text);
    }

    /** A server frame as the text the client receives. */
    public static String encode(ServerFrame frame) {
        return ServerFrameWriter.write(frame);
    }

    /** A client frame as the text the gateway receives (clients, tests). */
    public static String encode(ClientFrame frame) {
        return ClientFrameWriter.write(frame);
    }

    /**
     * A server's text frame (clients, tests): null for a type this client does not know; an {@code
     * IllegalArgumentException} or a Jackson exception when it is not a JSON object.
     */
    public static ServerFrame decodeServer(String text) {
        return ServerFrameReader.read(text);
    }
}
