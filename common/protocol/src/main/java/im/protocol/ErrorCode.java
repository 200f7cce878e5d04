package im.protocol;

/**
 * The one catalogue of errors a client or operator can see. The {@link #code()} string is the
 * stable contract (documented in docs/protocol.md); the HTTP status applies to REST answers; the
 * WebSocket close code applies when the error ends the connection, and is {@link #NO_CLOSE} when
 * the error is answered in an {@code error} frame and the connection stays open.
 */
public enum ErrorCode {
    // A close code of 0 (NO_CLOSE; enum arguments cannot name the class's own constant) keeps the connection open.
    MALFORMED_FRAME(
            "malformed_frame",
            "The frame (or request body) is not one valid JSON object of the expected shape.",
            400,
            0),
    FRAME_TOO_LARGE("frame_too_large", "The frame (or request) exceeds its size limit.", 413, 1009),
    UNAUTHENTICATED("unauthenticated", "No valid token was presented.", 401, 4401),
    TOKEN_EXPIRED("token_expired", "The token has expired; obtain a new one and reconnect.", 401, 4402),
    FORBIDDEN("forbidden", "The caller may not perform this operation.", 403, 0),
    NOT_FOUND("not_found", "The addressed resource does not exist.", 404, 0),
    METHOD_NOT_ALLOWED("method_not_allowed", "The resource does not support this HTTP method.", 405, 0),
    NOT_ACCEPTABLE("not_acceptable", "No representation matches the request's Accept header.", 406, 0),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", "The request body's Content-Type is not accepted here.", 415, 0),
    BLOCKED("blocked", "The recipient has blocked the sender; nothing was stored or delivered.", 403, 0),
    VALIDATION_FAILED("validation_failed", "A field has an invalid value.", 400, 0),
    INVALID_CONNECT(
            "invalid_connect",
            "A connect parameter has an invalid value (the device name); fix it and reconnect.",
            400,
            4400),
    RATE_LIMITED("rate_limited", "Too many requests; retry later.", 429, 0),
    CONNECT_THROTTLED(
            "connect_throttled", "The node takes no more connects this second; reconnect after a backoff.", 429, 4429),
    REDIRECT("redirect", "Another node owns this user; reconnect there.", 307, 4307),
    NODE_DRAINING("node_draining", "The node is shutting down; reconnect with backoff.", 503, 1012),
    UNAVAILABLE("unavailable", "A backing service is unavailable; the request was not accepted.", 503, 1013),
    IDLE_TIMEOUT("idle_timeout", "No frame or heartbeat arrived within the idle timeout.", 408, 4408),
    KICKED("kicked", "An operator closed this session; reconnect with backoff.", 410, 4410),
    SLOW_CONSUMER(
            "slow_consumer",
            "The client did not read its frames fast enough; reconnect and sync (nothing is lost).",
            503,
            4409),
    INTERNAL("internal", "An unexpected server error; the request was not accepted.", 500, 1011);

    /** Close code value meaning "answered in a frame, the connection stays open". */
    public static final int NO_CLOSE = 0;

    private final String code;
    private final String meaning;
    private final int httpStatus;
    private final int closeCode;

    ErrorCode(String code, String meaning, int httpStatus, int closeCode) {
        this.code = code;
        this.meaning = meaning;
        this.httpStatus = httpStatus;
        this.closeCode = closeCode;
    }

    /** Stable, lower-case identifier sent to clients. */
    public String code() {
        return code;
    }

    /** One sentence for humans; also shown in the docs. */
    public String meaning() {
        return meaning;
    }

    /** HTTP status for REST answers. */
    public int httpStatus() {
        return httpStatus;
    }

    /** WebSocket close code when the error ends the connection, else {@link #NO_CLOSE}. */
    public int closeCode() {
        return closeCode;
    }

    /** Whether this error closes a WebSocket connection. */
    public boolean closesConnection() {
        return closeCode != NO_CLOSE;
    }

    /** The entry whose {@link #code()} is {@code code}. */
    public static ErrorCode fromCode(String code) {
        for (ErrorCode e : values()) {
            if (e.code.equals(code)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown error code: " + code);
    }
}
