package im.load.auth;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Where the tool's users get their tokens: the local profile's dev endpoint, or a shared HS256 secret. */
public interface TokenSource {

    /** A token for each of {@code users}, fetched or minted concurrently. */
    Map<String, String> tokens(List<String> users);

    /** {@code GET <url>?user=<id>&ttl=<ttl>} ({@code ./im up}'s gateways, local profile only). */
    static TokenSource devEndpoint(String url, Duration ttl, int concurrency) {
        return new DevTokenSource(url, ttl, concurrency);
    }

    /** Minted here with the gateways' secret (the first line of {@code file}). */
    static TokenSource secretFile(java.nio.file.Path file, Duration ttl) {
        return new SecretTokenSource(file, ttl);
    }
}
