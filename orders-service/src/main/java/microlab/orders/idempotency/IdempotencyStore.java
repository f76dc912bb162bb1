package microlab.orders.idempotency;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.exceptions.BeanContextException;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.exceptions.HttpStatusException;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Idempotency markers in Redis under {@code orders:idem:<key>}. Every write is atomic on the Redis
 * side (SET NX, or a compare-and-set script), so two requests can never both believe they own a key.
 */
@Singleton
class IdempotencyStore {

    static final String PREFIX = "orders:idem:";

    private static final String REPLACE_IF_EQUAL = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
              return 1
            end
            return 0""";

    private static final String DELETE_IF_EQUAL = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0""";

    // The connection is looked up on use, not at startup: orders-service must start, and serve
    // requests without a key, while Redis is down.
    private final BeanProvider<StatefulRedisConnection<String, String>> connection;

    IdempotencyStore(BeanProvider<StatefulRedisConnection<String, String>> connection) {
        this.connection = connection;
    }

    /** Claims the key for this request; false when another request already holds it. */
    boolean claim(String key, Marker pending, Duration ttl) {
        return redis(r -> "OK".equals(r.set(PREFIX + key, pending.encode(), SetArgs.Builder.nx().px(ttl.toMillis()))));
    }

    Optional<Marker> read(String key) {
        return redis(r -> Marker.decode(r.get(PREFIX + key)));
    }

    /** Replaces {@code expected} by {@code next}; false when the key no longer holds {@code expected}. */
    boolean replace(String key, Marker expected, Marker next, Duration ttl) {
        return redis(r -> r.<Long>eval(REPLACE_IF_EQUAL, ScriptOutputType.INTEGER, new String[]{PREFIX + key},
                expected.encode(), next.encode(), Long.toString(ttl.toMillis())) == 1L);
    }

    void release(String key, Marker expected) {
        redis(r -> r.<Long>eval(DELETE_IF_EQUAL, ScriptOutputType.INTEGER, new String[]{PREFIX + key}, expected.encode()));
    }

    private <T> T redis(Function<RedisCommands<String, String>, T> command) {
        try {
            return command.apply(connection.get().sync());
        } catch (RedisException | BeanContextException e) {
            throw new HttpStatusException(HttpStatus.SERVICE_UNAVAILABLE,
                    "The idempotency key store is unavailable, so this keyed request cannot be processed safely. Retry later.");
        }
    }
}
