package im.web.error;

import im.protocol.ErrorCode;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error page ({@code /error}) for what fails outside Spring MVC's handlers (a filter,
 * the container itself): the same problem shape with a catalogued code, instead of Boot's default body.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    private final ErrorMetrics metrics;

    public ProblemErrorController(ErrorMetrics metrics) {
        this.metrics = metrics;
    }

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        ErrorCode code = codeFor(status instanceof Integer s ? s : 500);
        metrics.count(code);
        return ApiExceptionHandler.problem(
                code,
                code == ErrorCode.INTERNAL ? "an unexpected error" : code.meaning(),
                uri == null ? null : uri.toString());
    }

    static ErrorCode codeFor(int status) {
        return switch (status) {
            case 400 -> ErrorCode.VALIDATION_FAILED;
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 406 -> ErrorCode.NOT_ACCEPTABLE;
            case 413 -> ErrorCode.FRAME_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> ErrorCode.RATE_LIMITED;
            case 503 -> ErrorCode.UNAVAILABLE;
            default -> ErrorCode.INTERNAL;
        };
    }
}
