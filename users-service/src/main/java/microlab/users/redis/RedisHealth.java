package microlab.users.redis;

import jakarta.inject.Singleton;
import microlab.redis.DegradedWithoutRedis;
import microlab.redis.OptionalRedis;

/** Redis in /health: users are served from PostgreSQL without it, so an outage is DEGRADED, not DOWN. */
@Singleton
class RedisHealth extends DegradedWithoutRedis {

    RedisHealth(OptionalRedis redis) {
        super(redis, "Redis is down: users are served from PostgreSQL, the cache and the Redis visit counter are off");
    }
}
