package im.web.error;

import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** What a parameter must be, in words a caller understands (never a Java class name). */
final class TypeNames {

    private TypeNames() {}

    static String expected(MethodArgumentTypeMismatchException e) {
        Class<?> type = e.getRequiredType();
        if (type == null) {
            return "has an invalid value";
        }
        if (type == UUID.class) {
            return "must be a UUID";
        }
        if (type.isEnum()) {
            return "must be one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(Object::toString)
                            .collect(Collectors.joining(", "));
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "must be an integer";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "must be true or false";
        }
        if (type == java.time.Duration.class) {
            return "must be an ISO-8601 duration such as PT1H";
        }
        return "has an invalid value";
    }
}
