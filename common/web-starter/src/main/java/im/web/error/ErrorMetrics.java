package im.web.error;

import im.protocol.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Counts catalogued errors as they are sent to a caller: the counter {@code im.errors} (Prometheus:
 * {@code im_errors_total}) tagged {@code code} (the catalogue's string) and {@code transport} ({@code
 * http} for REST problem answers, {@code websocket} for {@code error} frames and closes). Every code
 * of the catalogue is registered at 0 up front, so {@code rate()} and alerts work before the first
 * error.
 */
public final class ErrorMetrics {

    public static final String NAME = "im.errors";

    /** How the error reached the caller. */
    public enum Transport {
        HTTP,
        WEBSOCKET;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Map<ErrorCode, Counter> counters = new EnumMap<>(ErrorCode.class);

    public ErrorMetrics(MeterRegistry registry, Transport transport) {
        for (ErrorCode code : ErrorCode.values()) {
            counters.put(
                    code,
                    Counter.builder(NAME)
                            .description("Catalogued errors sent to callers, by code")
                            .tag("code", code.code())
                            .tag("transport", transport.tag())
                            .register(registry));
        }
    }

    /** One error with {@code code} was sent. */
    public void count(ErrorCode code) {
        counters.get(code).increment();
    }
}
