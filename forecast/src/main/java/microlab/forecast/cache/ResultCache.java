package microlab.forecast.cache;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Computed forecasts and backtests in Redis under {@code forecast:*}. Redis only saves time here: when
 * it is down every call falls through to computing, the outage is logged once, and the connection is
 * tried again every few seconds rather than on every request.
 */
@Singleton
public class ResultCache {

    private static final Logger LOG = LoggerFactory.getLogger(ResultCache.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);

    private final RedisClient client;
    private final Duration ttl;
    private StatefulRedisConnection<String, String> connection;
    private long retryAtNanos;
    private boolean down;

    public ResultCache(@Value("${redis.uri}") String uri, @Value("${forecast.cache-ttl:6h}") Duration ttl) {
        RedisURI redisUri = RedisURI.create(uri);
        redisUri.setTimeout(COMMAND_TIMEOUT);
        this.client = RedisClient.create(redisUri);
        // fail at once while disconnected instead of queueing commands until they time out
        this.client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        this.ttl = ttl;
    }

    public Optional<String> get(String key) {
        return call(redis -> redis.get(key));
    }

    public void put(String key, String value) {
        call(redis -> redis.setex(key, ttl.toSeconds(), value));
    }

    /** Deletes every key that starts with {@code prefix}; returns how many went. */
    public long evictPrefix(String prefix) {
        return call(redis -> {
            long deleted = 0;
            ScanArgs match = ScanArgs.Builder.matches(escape(prefix) + "*").limit(500);
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = redis.scan(cursor, match);
                if (!page.getKeys().isEmpty()) {
                    deleted += redis.del(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
            return deleted;
        }).orElse(0L);
    }

    private synchronized <T> Optional<T> call(Function<RedisCommands<String, String>, T> command) {
        if (connection == null && System.nanoTime() < retryAtNanos) {
            return Optional.empty();
        }
        try {
            if (connection == null) {
                connection = client.connect();
                connection.setTimeout(COMMAND_TIMEOUT);
            }
            T result = command.apply(connection.sync());
            if (down) {
                down = false;
                LOG.info("Redis answers again; caching forecasts again");
            }
            return Optional.ofNullable(result);
        } catch (RuntimeException e) {
            if (!down) {
                down = true;
                LOG.warn("Redis is unavailable ({}); computing without the cache until it is back", e.getMessage());
            }
            if (connection != null && !connection.isOpen()) {
                connection.close();
                connection = null;
            }
            if (connection == null) {
                retryAtNanos = System.nanoTime() + RETRY_AFTER.toNanos();
            }
            return Optional.empty();
        }
    }

    private static String escape(String prefix) {
        return prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }

    @PreDestroy
    synchronized void close() {
        if (connection != null) {
            connection.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
