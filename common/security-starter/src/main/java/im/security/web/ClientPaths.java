package im.security.web;

import java.util.List;

/**
 * What a service adds to its client-facing security: paths open without a user token (each checks the
 * caller itself or needs none), and paths whose token may come as the {@code access_token} query
 * parameter because browsers cannot set headers there (an {@code EventSource}). Services declare it as
 * a bean; every bean's lists are joined.
 *
 * @param open Ant-style path patterns served without a user token
 * @param tokenInQuery path patterns whose GET requests may carry the token as {@code access_token}
 */
public record ClientPaths(List<String> open, List<String> tokenInQuery) {

    public ClientPaths {
        open = List.copyOf(open);
        tokenInQuery = List.copyOf(tokenInQuery);
    }
}
