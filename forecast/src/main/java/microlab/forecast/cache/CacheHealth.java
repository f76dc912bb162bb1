package microlab.forecast.cache;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * Redis in /health: an outage shows, as DEGRADED rather than DOWN. Forecasts are computed without the
 * cache meanwhile, so the service stays ready and keeps its traffic; it is only slower.
 */
@Singleton
class CacheHealth extends AbstractHealthIndicator<Map<String, Object>> {

    static final HealthStatus DEGRADED = new HealthStatus("DEGRADED",
            "Redis is down: forecasts and backtests are computed on every request, uncached", true, null);

    private final ResultCache cache;

    CacheHealth(ResultCache cache) {
        this.cache = cache;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        boolean up = cache.answers();
        healthStatus = up ? HealthStatus.UP : DEGRADED;
        return up ? Map.of() : Map.of("impact", DEGRADED.getDescription().orElse(""));
    }

    @Override
    protected String getName() {
        return "redis";
    }
}
