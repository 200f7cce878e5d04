package im.web.error;

import im.protocol.ErrorCode;
import im.protocol.ImException;
import im.web.limit.RequestBodyLimitFilter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Answers every REST error as a problem ({@link Problems}) with a catalogued code, never a stack trace
 * or a Java type name, and counts it ({@code im_errors_total{code, transport="http"}}). What it does
 * not recognise is {@code internal}: logged here with its stack trace, answered without details.
 */
@RestControllerAdvice
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final ErrorMetrics metrics;

    public ApiExceptionHandler(ObjectProvider<MeterRegistry> registry) {
        this.metrics = new ErrorMetrics(registry.getIfAvailable(SimpleMeterRegistry::new), ErrorMetrics.Transport.HTTP);
    }

    @ExceptionHandler(ImException.class)
    ResponseEntity<ProblemDetail> catalogued(ImException e, HttpServletRequest request) {
        return answer(e.code(), e.getMessage(), request);
    }

    /** A path or query parameter of the wrong type (not a UUID, not a number, not a role). */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> mismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return answer(ErrorCode.VALIDATION_FAILED, "'" + e.getName() + "' " + TypeNames.expected(e), request);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> missing(MissingServletRequestParameterException e, HttpServletRequest request) {
        return answer(ErrorCode.VALIDATION_FAILED, "'" + e.getParameterName() + "' is required", request);
    }

    @ExceptionHandler(ServletRequestBindingException.class)
    ResponseEntity<ProblemDetail> binding(ServletRequestBindingException e, HttpServletRequest request) {
        return answer(ErrorCode.VALIDATION_FAILED, "a required request value is missing or invalid", request);
    }

    /** A body that is not the expected JSON (not JSON, wrong shape, a value of the wrong type). */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof RequestBodyLimitFilter.BodyTooLarge tooLarge) {
                return answer(ErrorCode.FRAME_TOO_LARGE, tooLarge.getMessage(), request);
            }
        }
        return answer(ErrorCode.MALFORMED_FRAME, "the request body is not the expected JSON", request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        metrics.count(ErrorCode.METHOD_NOT_ALLOWED);
        Set<HttpMethod> allowed = e.getSupportedHttpMethods();
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(405);
        if (allowed != null && !allowed.isEmpty()) {
            answer.header(
                    HttpHeaders.ALLOW,
                    allowed.stream().map(HttpMethod::name).sorted().collect(Collectors.joining(", ")));
        }
        return answer.body(Problems.of(
                ErrorCode.METHOD_NOT_ALLOWED, e.getMethod() + " is not supported here", request.getRequestURI()));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return answer(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send the body as application/json", request);
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException e, HttpServletRequest request) {
        metrics.count(ErrorCode.NOT_ACCEPTABLE);
        return ResponseEntity.status(406).build();
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noSuchPath(NoResourceFoundException e, HttpServletRequest request) {
        return answer(ErrorCode.NOT_FOUND, "no such resource", request);
    }

    /** The database (or another store) is away or too slow: nothing was done, the caller retries. */
    @ExceptionHandler({
        DataAccessResourceFailureException.class,
        TransientDataAccessException.class,
        QueryTimeoutException.class
    })
    ResponseEntity<ProblemDetail> unavailable(Exception e, HttpServletRequest request) {
        log.warn("{} {}: a backing store failed: {}", request.getMethod(), request.getRequestURI(), e.toString());
        return answer(ErrorCode.UNAVAILABLE, "a backing service is unavailable; nothing was changed, retry", request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        log.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
        return answer(ErrorCode.INTERNAL, "an unexpected error; the request was not carried out", request);
    }

    private ResponseEntity<ProblemDetail> answer(ErrorCode code, String detail, HttpServletRequest request) {
        metrics.count(code);
        return problem(code, detail, request.getRequestURI());
    }

    /**
     * Builds the answer for {@code code}; {@code detail} is shown to the caller. Not counted in {@code
     * im_errors_total}: answers built here outside this handler count themselves.
     */
    public static ResponseEntity<ProblemDetail> problem(ErrorCode code, String detail, String instance) {
        if (code.httpStatus() >= 500) {
            log.warn("{}: {}", code.code(), detail);
        }
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(code.httpStatus());
        if (code.httpStatus() == 401) {
            // RFC 9110 §15.5.2: a 401 names the scheme the caller should use.
            answer.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return answer.body(Problems.of(code, detail, instance));
    }
}
