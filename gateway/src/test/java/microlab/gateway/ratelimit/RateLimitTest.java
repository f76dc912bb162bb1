package microlab.gateway.ratelimit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import microlab.gateway.testing.GatewayFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against the Redis on localhost:6379. */
@MicronautTest
class RateLimitTest extends GatewayFixture {

    private static final String KEY = RedisRateLimiter.KEY_PREFIX + "127.0.0.1";

    @Inject
    RedisClient redisClient;

    @Override
    public Map<String, String> getProperties() {
        return propertiesWith(Map.of(
                "gateway.rate-limit.enabled", "true",
                "gateway.rate-limit.requests", "3",
                "gateway.rate-limit.window", "1m"));
    }

    @BeforeEach
    void freshWindow() {
        try (StatefulRedisConnection<String, String> redis = redisClient.connect()) {
            redis.sync().del(KEY);
        }
    }

    @Test
    void clientOverItsLimitGetsTooManyRequestsWithRetryAfter() {
        int before = users.hits("/users/limited");
        for (int i = 0; i < 3; i++) {
            assertEquals(200, get("/users/limited").statusCode());
        }

        HttpResponse<String> refused = get("/users/limited");

        assertEquals(429, refused.statusCode());
        assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElseThrow());
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        assertEquals(429, ((Number) json(refused.body()).get("status")).intValue());
        assertEquals(3, users.hits("/users/limited") - before);
        try (StatefulRedisConnection<String, String> redis = redisClient.connect()) {
            assertEquals("4", redis.sync().get(KEY));
            long ttl = redis.sync().pttl(KEY);
            assertTrue(ttl > 0 && ttl <= 60_000, "ttl " + ttl);
        }
    }

    @Test
    void gatewaysOwnEndpointsAreNotCounted() {
        for (int i = 0; i < 5; i++) {
            assertEquals(200, get("/health/readiness").statusCode());
        }
        assertEquals(200, get("/users/1").statusCode());
    }
}
