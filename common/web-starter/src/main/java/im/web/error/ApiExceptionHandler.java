package im.web.error;

import im.protocol.ErrorCode;
import im.protocol.ImException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers every REST error as RFC 9457 problem details carrying the catalogue's {@code code}, never a
 * stack trace, and counts it ({@code im_errors_total{code, transport="http"}}, {@link ErrorMetrics}).
 * A 401 carries {@code WWW-Authenticate: Bearer}. Services {@code @Import} it.
 */
@RestControllerAdvice
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final ErrorMetrics metrics;

    public ApiExceptionHandler(ObjectProvider<MeterRegistry> registry) {
        this.metrics = new ErrorMetrics(registry.getIfAvailable(SimpleMeterRegistry::new), ErrorMetrics.Transport.HTTP);
    }

    @ExceptionHandler(ImException.class)
    ResponseEntity<ProblemDetail> catalogued(ImException e) {
        return answer(e.code(), e.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> invalid(IllegalArgumentException e) {
        return answer(ErrorCode.VALIDATION_FAILED, e.getMessage());
    }

    /** A missing header or parameter, a path or parameter of the wrong type (e.g. not a UUID). */
    @ExceptionHandler({
        org.springframework.web.bind.ServletRequestBindingException.class,
        org.springframework.web.method.annotation.MethodArgumentTypeMismatchException.class
    })
    ResponseEntity<ProblemDetail> badRequest(Exception e) {
        return answer(ErrorCode.VALIDATION_FAILED, e.getMessage());
    }

    /** A body that is not the expected JSON. */
    @ExceptionHandler(org.springframework.http.converter.HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(Exception e) {
        return answer(ErrorCode.MALFORMED_FRAME, "the request body is not the expected JSON");
    }

    private ResponseEntity<ProblemDetail> answer(ErrorCode code, String detail) {
        metrics.count(code);
        return problem(code, detail);
    }

    /**
     * Builds the answer for {@code code}; {@code detail} is shown to the caller. Not counted in {@code
     * im_errors_total}: answers built here outside this handler count themselves.
     */
    public static ResponseEntity<ProblemDetail> problem(ErrorCode code, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(code.httpStatus()), detail);
        body.setTitle(code.meaning());
        body.setProperty("code", code.code());
        if (code.httpStatus() >= 500) {
            log.warn("{}: {}", code.code(), detail);
        }
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(code.httpStatus());
        if (code.httpStatus() == 401) {
            // RFC 9110 §15.5.2: a 401 names the scheme the caller should use.
            answer.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return answer.body(body);
    }
}
