package microlab.gateway.ratelimit;

import io.lettuce.core.ScriptOutputType;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import microlab.redis.OptionalRedis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * A fixed-window counter per client address in Redis. One Lua script increments the count, starts the
 * window on the first request and reads what is left of it, so concurrent requests on several gateways
 * never lose an increment or leave a key without expiry. Every Redis failure lets the request through.
 */
@Context
@Requires(property = "gateway.rate-limit.enabled", value = "true")
public class RedisRateLimiter {

    static final String KEY_PREFIX = "gateway:rl:";

    private static final Logger LOG = LoggerFactory.getLogger(RedisRateLimiter.class);
    private static final String SCRIPT = """
            local count = redis.call('INCR', KEYS[1])
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl < 0 then
              redis.call('PEXPIRE', KEYS[1], ARGV[1])
              ttl = tonumber(ARGV[1])
            end
            return {count, ttl}
            """;

    private final OptionalRedis redis;
    private final RateLimitProperties properties;
    private volatile long pausedUntil = System.nanoTime();

    public RedisRateLimiter(OptionalRedis redis, RateLimitProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    /** Counts one request from {@code address}; never fails, never waits longer than redis-timeout. */
    public Mono<Verdict> admit(String address) {
        if (System.nanoTime() - pausedUntil < 0) {
            return Mono.just(Verdict.ALLOWED);
        }
        String key = KEY_PREFIX + address;
        // on the event loop: never wait for a connection, only use one that is open
        return Mono.justOrEmpty(redis.asyncCommands())
                .flatMap(commands -> Mono.fromCompletionStage(commands.<List<Long>>eval(SCRIPT,
                        ScriptOutputType.MULTI, new String[] {key}, String.valueOf(properties.window().toMillis()))))
                .timeout(properties.redisTimeout())
                .map(this::verdict)
                // not connected: pass uncounted; OptionalRedis keeps trying to connect and logs the outage
                .defaultIfEmpty(Verdict.ALLOWED)
                .onErrorResume(failure -> {
                    pause(failure.toString());
                    return Mono.just(Verdict.ALLOWED);
                });
    }

    private void pause(String reason) {
        pausedUntil = System.nanoTime() + properties.pauseAfterFailure().toNanos();
        LOG.warn("rate limit off for {} ms: {}", properties.pauseAfterFailure().toMillis(), reason);
    }

    private Verdict verdict(List<Long> countAndTtl) {
        long count = countAndTtl.get(0);
        long ttlMillis = countAndTtl.get(1);
        if (count <= properties.requests()) {
            return Verdict.ALLOWED;
        }
        return new Verdict(false, Math.max(1, (ttlMillis + 999) / 1000));
    }
}
