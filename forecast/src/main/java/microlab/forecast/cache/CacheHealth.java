package microlab.forecast.cache;

import jakarta.inject.Singleton;
import microlab.redis.DegradedWithoutRedis;
import microlab.redis.OptionalRedis;

/** Redis in /health: forecasts are computed without the cache, so an outage is DEGRADED, not DOWN; only slower. */
@Singleton
class CacheHealth extends DegradedWithoutRedis {

    CacheHealth(OptionalRedis redis) {
        super(redis, "Redis is down: forecasts and backtests are computed on every request, uncached");
    }
}
