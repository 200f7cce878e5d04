package im.security;

/**
 * Who is calling a client-facing operation: the user id proven by their token, never taken from a
 * header, a path or a body. A controller method declares a {@code Caller} parameter to get it.
 *
 * @param userId the token's {@code sub}
 */
public record Caller(String userId) {}
