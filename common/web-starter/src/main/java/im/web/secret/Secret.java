package im.web.secret;

import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A secret setting (a token key, an operator token). It is typed so that it cannot be shown by
 * accident: {@link #toString()} and its JSON form are a mask, so a settings record that holds one can
 * be logged or put on {@code /actuator/info} as it is. The value is read only by {@link #bytes()},
 * {@link #reveal()} and {@link #matches}, at the places that need it.
 *
 * <p>Configuration properties bind to it from a string (Spring's conversion calls {@link
 * #valueOf(String)}).
 */
public final class Secret {

    /** What every secret shows instead of its value. */
    public static final String MASK = "******";

    private final byte[] value;
    private final byte[] digest;

    private Secret(byte[] value) {
        this.value = value;
        this.digest = sha256(value);
    }

    /** The secret {@code value} (UTF-8); null for null or blank, which every setting treats as unset. */
    public static Secret valueOf(String value) {
        return value == null || value.isBlank() ? null : new Secret(value.getBytes(StandardCharsets.UTF_8));
    }

    /** The secret's bytes (a copy). */
    public byte[] bytes() {
        return value.clone();
    }

    /** The secret as a string, for the one call that must hand it on (e.g. an HTTP header it is sent in). */
    public String reveal() {
        return new String(value, StandardCharsets.UTF_8);
    }

    /** Its length in bytes (UTF-8), for minimum-strength checks. */
    public int length() {
        return value.length;
    }

    /**
     * Whether {@code presented} is this secret, in time independent of where they differ and of their
     * lengths (SHA-256 digests compared with {@link MessageDigest#isEqual}).
     */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(digest, sha256(presented.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    @JsonValue
    public String toString() {
        return MASK;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && MessageDigest.isEqual(digest, other.digest);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(digest);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
