package im.web.error;

import im.protocol.ErrorCode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one shape of every REST error: RFC 9457 problem details with the catalogue's {@code code}, a
 * {@code title} (the code's meaning), a {@code detail} for humans that names no Java type, and the
 * request path as {@code instance}. Built here for Spring MVC answers and written here by filters
 * (security refusals), so both look the same.
 */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problems() {}

    /** The problem for {@code code}; {@code instance} may be null. */
    public static ProblemDetail of(ErrorCode code, String detail, String instance) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(code.httpStatus()), detail);
        body.setTitle(code.meaning());
        body.setProperty("code", code.code());
        if (instance != null) {
            body.setInstance(URI.create(instance.startsWith("/") ? safePath(instance) : "/"));
        }
        return body;
    }

    /** Writes the problem for {@code code} as the whole response (for filters, outside Spring MVC). */
    public static void write(HttpServletResponse response, ErrorCode code, String detail, String instance)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", code.meaning());
        body.put("status", code.httpStatus());
        body.put("detail", detail);
        if (instance != null) {
            body.put("instance", safePath(instance));
        }
        body.put("code", code.code());
        response.setStatus(code.httpStatus());
        if (code.httpStatus() == 401) {
            // RFC 9110 §15.5.2: a 401 names the scheme the caller should use.
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        // JSON is UTF-8 by definition (RFC 8259): bytes, and no charset parameter, as Spring MVC answers.
        response.setContentType(MEDIA_TYPE);
        response.getOutputStream().write(JSON.writeValueAsBytes(body));
    }

    /** {@code path} as a relative URI reference: characters a URI cannot hold are percent-encoded. */
    private static String safePath(String path) {
        StringBuilder out = new StringBuilder(Math.min(path.length(), 512));
        for (int i = 0; i < path.length() && out.length() < 512; i++) {
            char c = path.charAt(i);
            if (c > 0x20 && c < 0x7f && c != '%' && c != '"' && c != '\\' && c != '<' && c != '>' && c != '`'
                    && c != '{' && c != '}' && c != '|' && c != '^') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", (int) c & 0xff));
            }
        }
        return out.toString();
    }
}
