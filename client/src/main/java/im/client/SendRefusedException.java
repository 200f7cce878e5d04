package im.client;

/** The server refused a message for good ({@code blocked}, {@code validation_failed}); resending will not help. */
public final class SendRefusedException extends RuntimeException {

    private final String code;

    SendRefusedException(String code, String message) {
        super(code + ": " + message);
        this.code = code;
    }

    /** The error code from docs/protocol.md. */
    public String code() {
        return code;
    }
}
