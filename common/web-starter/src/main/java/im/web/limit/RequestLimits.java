package im.web.limit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Size limits of REST requests on the client-facing port ({@code im.web.*}), the same on every
 * service. The request line and headers are bounded by the HTTP server
 * ({@code server.max-http-request-header-size}); this bounds the body.
 *
 * @param maxRequestBody the largest request body taken, in bytes as sent ({@code
 *     im.web.max-request-body}, default 256 KB: a batch add of 1,000 user ids of 128 characters is
 *     about 135 KB); a larger body is answered {@code 413 frame_too_large} without being read
 */
@ConfigurationProperties("im.web")
public record RequestLimits(@DefaultValue("256KB") DataSize maxRequestBody) {

    public RequestLimits {
        if (maxRequestBody == null || maxRequestBody.toBytes() <= 0) {
            throw new IllegalArgumentException("im.web.max-request-body must be positive");
        }
    }
}
