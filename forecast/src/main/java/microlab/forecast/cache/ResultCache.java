package microlab.forecast.cache;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Computed forecasts and backtests in Redis under {@code forecast:*}. Redis only saves time here: when
 * it is down every call falls through to computing, the outage is logged once, and the connection is
 * tried again every few seconds rather than on every request. One request at a time tries to connect;
 * the others compute without the cache meanwhile, so an unreachable Redis never queues requests.
 */
@Singleton
public class ResultCache {

    private static final Logger LOG = LoggerFactory.getLogger(ResultCache.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    private final RedisClient client;
    private final Duration ttl;
    private final AtomicReference<StatefulRedisConnection<String, String>> connection = new AtomicReference<>();
    private final AtomicBoolean connecting = new AtomicBoolean();
    private final AtomicBoolean down = new AtomicBoolean();
    private volatile long retryAtNanos = System.nanoTime();

    public ResultCache(@Value("${redis.uri}") String uri, @Value("${forecast.cache-ttl:6h}") Duration ttl) {
        RedisURI redisUri = RedisURI.create(uri);
        redisUri.setTimeout(COMMAND_TIMEOUT);
        this.client = RedisClient.create(redisUri);
        // fail at once while disconnected instead of queueing commands until they time out, and give up
        // on a silent host after a second rather than Lettuce's default ten
        this.client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build())
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

    /** Whether Redis answers a PING now (connecting if it may). */
    public boolean answers() {
        return call(RedisCommands::ping).map("PONG"::equals).orElse(false);
    }

    private <T> Optional<T> call(Function<RedisCommands<String, String>, T> command) {
        StatefulRedisConnection<String, String> current = connection.get();
        if (current == null) {
            current = connect();
            if (current == null) {
                return Optional.empty();
            }
        }
        try {
            T result = command.apply(current.sync());
            if (down.compareAndSet(true, false)) {
                LOG.info("Redis answers again; caching forecasts again");
            }
            return Optional.ofNullable(result);
        } catch (RuntimeException e) {
            unavailable(e);
            if (!current.isOpen() && connection.compareAndSet(current, null)) {
                current.close();
                retryAtNanos = System.nanoTime() + RETRY_AFTER.toNanos();
            }
            return Optional.empty();
        }
    }

    /** A new connection, or null while another request is connecting or the last attempt failed recently. */
    private StatefulRedisConnection<String, String> connect() {
        if (System.nanoTime() - retryAtNanos < 0 || !connecting.compareAndSet(false, true)) {
            return null;
        }
        try {
            StatefulRedisConnection<String, String> existing = connection.get();
            if (existing != null) {
                return existing;
            }
            StatefulRedisConnection<String, String> fresh = client.connect();
            fresh.setTimeout(COMMAND_TIMEOUT);
            connection.set(fresh);
            return fresh;
        } catch (RuntimeException e) {
            unavailable(e);
            retryAtNanos = System.nanoTime() + RETRY_AFTER.toNanos();
            return null;
        } finally {
            connecting.set(false);
        }
    }

    private void unavailable(RuntimeException e) {
        if (down.compareAndSet(false, true)) {
            LOG.warn("Redis is unavailable ({}); computing without the cache until it is back", e.getMessage());
        }
    }

    private static String escape(String prefix) {
        return prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }

    @PreDestroy
    void close() {
        StatefulRedisConnection<String, String> current = connection.getAndSet(null);
        if (current != null) {
            current.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
