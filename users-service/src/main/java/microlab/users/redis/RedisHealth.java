package microlab.users.redis;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import microlab.redis.OptionalRedis;

import java.util.Map;

/**
 * Redis in /health: a Redis outage shows, but as DEGRADED, not DOWN. Users are served from PostgreSQL
 * without it, so the service stays ready (an orchestrator keeps sending it traffic); only the cache
 * and the Redis visit counter are off until Redis is back.
 */
@Singleton
class RedisHealth extends AbstractHealthIndicator<Map<String, Object>> {

    static final HealthStatus DEGRADED = new HealthStatus("DEGRADED",
            "Redis is down: users are served from PostgreSQL, the cache and the Redis visit counter are off",
            true, null);

    private final OptionalRedis redis;

    RedisHealth(OptionalRedis redis) {
        this.redis = redis;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        boolean up = redis.answers();
        healthStatus = up ? HealthStatus.UP : DEGRADED;
        return up ? Map.of() : Map.of("redis", "down", "impact", DEGRADED.getDescription().orElse(""));
    }

    @Override
    protected String getName() {
        return "redis";
    }
}
