package microlab.gateway.ratelimit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.micronaut.configuration.lettuce.AbstractRedisConfiguration;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

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

    private final RedisClient client;
    private final RedisURI uri;
    private final RateLimitProperties properties;
    private final AtomicReference<CompletableFuture<StatefulRedisConnection<String, String>>> connection =
            new AtomicReference<>();
    private volatile long pausedUntil = System.nanoTime();

    public RedisRateLimiter(RedisClient client, AbstractRedisConfiguration redis, RateLimitProperties properties) {
        this.client = client;
        // The configuration is itself a RedisURI, but one with default values: redis.uri lands in getUri().
        this.uri = redis.getUri().orElse(redis);
        this.properties = properties;
        // While Redis is away, commands fail at once instead of queueing until they time out.
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(1)).build())
                .build());
        // Connecting takes longer than redis-timeout on a cold JVM: start at startup, without waiting for it.
        connection();
    }

    /** Counts one request from {@code address}; never fails, never waits longer than redis-timeout. */
    public Mono<Verdict> admit(String address) {
        if (System.nanoTime() - pausedUntil < 0) {
            return Mono.just(Verdict.ALLOWED);
        }
        String key = KEY_PREFIX + address;
        return Mono.defer(() -> Mono.fromCompletionStage(connection()))
                .flatMap(redis -> Mono.fromCompletionStage(redis.async().<List<Long>>eval(SCRIPT,
                        ScriptOutputType.MULTI, new String[] {key}, String.valueOf(properties.window().toMillis()))))
                .timeout(properties.redisTimeout())
                .map(this::verdict)
                .onErrorResume(failure -> {
                    pausedUntil = System.nanoTime() + properties.pauseAfterFailure().toNanos();
                    LOG.warn("rate limit off for {} ms, Redis failed: {}", properties.pauseAfterFailure().toMillis(),
                            failure.toString());
                    return Mono.just(Verdict.ALLOWED);
                });
    }

    private Verdict verdict(List<Long> countAndTtl) {
        long count = countAndTtl.get(0);
        long ttlMillis = countAndTtl.get(1);
        if (count <= properties.requests()) {
            return Verdict.ALLOWED;
        }
        return new Verdict(false, Math.max(1, (ttlMillis + 999) / 1000));
    }

    // Connects again after a failed attempt: Redis may come up after the gateway.
    private CompletableFuture<StatefulRedisConnection<String, String>> connection() {
        CompletableFuture<StatefulRedisConnection<String, String>> current = connection.get();
        if (current != null && !current.isCompletedExceptionally()) {
            return current;
        }
        CompletableFuture<StatefulRedisConnection<String, String>> attempt =
                client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture();
        return connection.compareAndSet(current, attempt) ? attempt : connection.get();
    }

    @PreDestroy
    void close() {
        CompletableFuture<StatefulRedisConnection<String, String>> current = connection.get();
        if (current != null) {
            current.thenAccept(StatefulRedisConnection::closeAsync);
        }
    }
}
