package im.web.error;

import im.protocol.ErrorCode;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's own error answers (a request it refuses before any servlet sees it: an encoded {@code /} or
 * {@code \} in the path, a request line or header over its limit, a malformed URI) as the same RFC 9457
 * problem as every other error, with a catalogued code, instead of Tomcat's HTML page. Errors that
 * reach Spring are answered there ({@link ApiExceptionHandler}, {@link ProblemErrorController}); this
 * writes only what nothing else has written.
 */
public class ProblemReportValve extends ErrorReportValve {

    public ProblemReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        ErrorCode code = ProblemErrorController.codeFor(status);
        String detail = status == 400
                ? "the request is not valid HTTP here (an encoded '/' or '\\\\' in the path, a malformed URI or"
                        + " header, or a request line and headers over their size limit)"
                : code.meaning();
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer out = response.getReporter();
            if (out != null) {
                out.write("{\"type\":\"about:blank\",\"title\":\"" + code.meaning() + "\",\"status\":" + status
                        + ",\"detail\":\"" + detail + "\",\"code\":\"" + code.code() + "\"}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client went away or the response was already committed: nothing more to say.
        }
    }
}
