package im.presence.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

/** The in-memory level shared by the presence and block-list read paths. */
final class Caches {

    private Caches() {}

    /** Idle eviction (30 minutes by default), a staleness bound and a size cap, on {@code ticker}. */
    static <V> Cache<String, V> memoryLevel(PresenceCacheProperties properties, Ticker ticker) {
        return Caffeine.newBuilder()
                .expireAfterAccess(properties.idleEviction())
                .expireAfterWrite(properties.maxStaleness())
                .maximumSize(properties.maximumSize())
                .ticker(ticker)
                .build();
    }
}
