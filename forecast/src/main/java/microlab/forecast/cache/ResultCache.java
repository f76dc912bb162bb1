package microlab.forecast.cache;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import microlab.redis.OptionalRedis;

import java.time.Duration;
import java.util.Optional;

/**
 * Computed forecasts and backtests in Redis under {@code forecast:*}. Redis only saves time here: when
 * it is away every call falls through to computing ({@link OptionalRedis} hands out no commands while
 * it is disconnected, and logs the outage once).
 */
@Singleton
public class ResultCache {

    private final OptionalRedis redis;
    private final Duration ttl;

    public ResultCache(OptionalRedis redis, @Value("${forecast.cache-ttl:6h}") Duration ttl) {
        this.redis = redis;
        this.ttl = ttl;
    }

    public Optional<String> get(String key) {
        return redis.call(commands -> commands.get(key));
    }

    public void put(String key, String value) {
        redis.call(commands -> commands.setex(key, ttl.toSeconds(), value));
    }

    /** Deletes every key that starts with {@code prefix}; returns how many went. */
    public long evictPrefix(String prefix) {
        return redis.call(commands -> {
            long deleted = 0;
            ScanArgs match = ScanArgs.Builder.matches(escape(prefix) + "*").limit(500);
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = commands.scan(cursor, match);
                if (!page.getKeys().isEmpty()) {
                    deleted += commands.del(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
            return deleted;
        }).orElse(0L);
    }

    private static String escape(String prefix) {
        return prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }
}
