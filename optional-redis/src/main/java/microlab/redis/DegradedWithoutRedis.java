package microlab.redis;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;

import java.util.Map;

/**
 * Redis in /health for a service that serves without it: an outage shows, but as DEGRADED, not DOWN, so the
 * service stays ready (an orchestrator keeps sending it traffic), and the detail says what the outage costs.
 * A service makes it a bean by naming that cost: {@code @Singleton class RedisHealth extends DegradedWithoutRedis}.
 */
public abstract class DegradedWithoutRedis extends AbstractHealthIndicator<Map<String, Object>> {

    private final OptionalRedis redis;
    private final HealthStatus degraded;

    /** impact: what the service does without Redis, one sentence ("Redis is down: ..."). */
    protected DegradedWithoutRedis(OptionalRedis redis, String impact) {
        this.redis = redis;
        this.degraded = new HealthStatus("DEGRADED", impact, true, null);
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        boolean up = redis.answers();
        healthStatus = up ? HealthStatus.UP : degraded;
        return up ? Map.of() : Map.of("redis", "down", "impact", degraded.getDescription().orElse(""));
    }

    @Override
    protected String getName() {
        return "redis";
    }
}
