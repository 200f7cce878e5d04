package im.common.web;

import im.common.error.ErrorCode;
import im.common.error.ImException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers every REST error as RFC 9457 problem details carrying the catalogue's {@code code}, never a
 * stack trace. Services {@code @Import} it.
 */
@RestControllerAdvice
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ImException.class)
    ResponseEntity<ProblemDetail> catalogued(ImException e) {
        return problem(e.code(), e.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> invalid(IllegalArgumentException e) {
        return problem(ErrorCode.VALIDATION_FAILED, e.getMessage());
    }

    /** A missing header or parameter, a path or parameter of the wrong type (e.g. not a UUID). */
    @ExceptionHandler({
        org.springframework.web.bind.ServletRequestBindingException.class,
        org.springframework.web.method.annotation.MethodArgumentTypeMismatchException.class
    })
    ResponseEntity<ProblemDetail> badRequest(Exception e) {
        return problem(ErrorCode.VALIDATION_FAILED, e.getMessage());
    }

    /** A body that is not the expected JSON. */
    @ExceptionHandler(org.springframework.http.converter.HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(Exception e) {
        return problem(ErrorCode.MALFORMED_FRAME, "the request body is not the expected JSON");
    }

    /** Builds the answer for {@code code}; {@code detail} is shown to the caller. */
    public static ResponseEntity<ProblemDetail> problem(ErrorCode code, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(code.httpStatus()), detail);
        body.setTitle(code.meaning());
        body.setProperty("code", code.code());
        if (code.httpStatus() >= 500) {
            log.warn("{}: {}", code.code(), detail);
        }
        return ResponseEntity.status(code.httpStatus()).body(body);
    }
}
