package im.presence.client;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Hits and misses per level of a three-level read path, as {@code im_presence_cache_total{cache,
 * level=memory|redis|database, result=hit|miss}}. Hit ratio of a level = hit / (hit + miss).
 */
final class CacheMetrics {

    private final Counter memoryHit;
    private final Counter memoryMiss;
    private final Counter redisHit;
    private final Counter redisMiss;
    private final Counter database;

    CacheMetrics(MeterRegistry registry, String cache) {
        memoryHit = counter(registry, cache, "memory", "hit");
        memoryMiss = counter(registry, cache, "memory", "miss");
        redisHit = counter(registry, cache, "redis", "hit");
        redisMiss = counter(registry, cache, "redis", "miss");
        database = counter(registry, cache, "database", "hit");
    }

    private static Counter counter(MeterRegistry registry, String cache, String level, String result) {
        return Counter.builder("im.presence.cache")
                .tags("cache", cache, "level", level, "result", result)
                .description("Reads answered (hit) or passed down (miss) by each level")
                .register(registry);
    }

    void memory(boolean hit) {
        (hit ? memoryHit : memoryMiss).increment();
    }

    void redis(boolean hit) {
        (hit ? redisHit : redisMiss).increment();
    }

    void database() {
        database.increment();
    }
}
