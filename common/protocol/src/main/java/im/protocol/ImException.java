package im.protocol;

/** A failure with a catalogued {@link ErrorCode}; REST and WebSocket layers turn it into their answer. */
public class ImException extends RuntimeException {

    private final ErrorCode code;

    public ImException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
