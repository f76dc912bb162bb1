package microlab.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.micronaut.configuration.lettuce.AbstractRedisConfiguration;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Redis for a service that can do without it. The connection is opened when the first user of this
 * bean is created (waiting at most the connect timeout for it) and, after a failed attempt, again at most every {@value #RETRY_SECONDS} s, one attempt at a time;
 * once open, Lettuce keeps it and reconnects by itself (see {@link RedisClientSetup}). Commands are
 * handed out only while it is connected, so a caller finds out at once that Redis is away and carries
 * on without it. An outage and its end are logged once each.
 */
@Singleton
public class OptionalRedis {

    static final int RETRY_SECONDS = 2;

    private static final Logger LOG = LoggerFactory.getLogger(OptionalRedis.class);

    private final RedisClient client;
    private final RedisURI uri;
    private final AtomicReference<CompletableFuture<StatefulRedisConnection<String, String>>> connection =
            new AtomicReference<>();
    private volatile long retryAtNanos = System.nanoTime();
    private volatile boolean away;
    private volatile boolean failedOnce;

    public OptionalRedis(RedisClient client, AbstractRedisConfiguration configuration) {
        this.client = client;
        // the configuration is itself a RedisURI with default values; redis.uri lands in getUri()
        this.uri = configuration.getUri().orElse(configuration);
        // a moment's wait here: with Redis up, the first request finds it connected
        CompletableFuture<StatefulRedisConnection<String, String>> first = connect();
        try {
            first.get(RedisClientSetup.CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception awayAtStartup) {
            // logged by connect(); the service starts without Redis
        }
    }

    /**
     * Blocking commands while Redis is connected; empty when Redis is away. Until the first connect has
     * succeeded or failed, a caller on a blocking thread may wait for it, at most the connect timeout.
     */
    public Optional<RedisCommands<String, String>> commands() {
        return connected(true).map(StatefulRedisConnection::sync);
    }

    /** Asynchronous commands while Redis is connected; never waits (for an event loop). */
    public Optional<RedisAsyncCommands<String, String>> asyncCommands() {
        return connected(false).map(StatefulRedisConnection::async);
    }

    /** Runs a command; empty when Redis is away or the command failed (logged once per outage). */
    public <T> Optional<T> call(Function<RedisCommands<String, String>, T> command) {
        Optional<RedisCommands<String, String>> commands = commands();
        if (commands.isEmpty()) {
            return Optional.empty();
        }
        try {
            T result = command.apply(commands.get());
            back();
            return Optional.ofNullable(result);
        } catch (RuntimeException e) {
            away(e);
            return Optional.empty();
        }
    }

    /** Whether Redis answers a PING now. */
    public boolean answers() {
        return call(RedisCommands::ping).map("PONG"::equals).orElse(false);
    }

    private Optional<StatefulRedisConnection<String, String>> connected(boolean mayWait) {
        CompletableFuture<StatefulRedisConnection<String, String>> current = connection.get();
        if (current == null || current.isCompletedExceptionally()) {
            current = connect();
        }
        if (current == null) {
            return Optional.empty();
        }
        StatefulRedisConnection<String, String> open = null;
        if (current.isDone()) {
            open = current.getNow(null);
        } else if (mayWait && !failedOnce) {
            // only the first connect is waited for: a retry during an outage must not hold up requests
            try {
                open = current.get(RedisClientSetup.CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception notYet) {
                return Optional.empty();
            }
        }
        if (open == null || !open.isOpen()) {
            if (open != null) {
                away(null);
            }
            return Optional.empty();
        }
        return Optional.of(open);
    }

    // Starts a connect unless one is under way or the last one failed less than RETRY_SECONDS ago.
    private CompletableFuture<StatefulRedisConnection<String, String>> connect() {
        CompletableFuture<StatefulRedisConnection<String, String>> current = connection.get();
        if (current != null && !current.isCompletedExceptionally()) {
            return current;
        }
        if (current != null && System.nanoTime() - retryAtNanos < 0) {
            return null;
        }
        CompletableFuture<StatefulRedisConnection<String, String>> attempt = new CompletableFuture<>();
        if (!connection.compareAndSet(current, attempt)) {
            return connection.get();
        }
        client.connectAsync(StringCodec.UTF8, uri).whenComplete((open, failure) -> {
            if (failure != null) {
                failedOnce = true;
                retryAtNanos = System.nanoTime() + Duration.ofSeconds(RETRY_SECONDS).toNanos();
                away(failure);
                attempt.completeExceptionally(failure);
            } else {
                back();
                attempt.complete(open);
            }
        });
        return attempt;
    }

    private void away(Throwable failure) {
        if (!away) {
            away = true;
            LOG.warn("Redis at {}:{} is away ({}); carrying on without it until it is back", uri.getHost(), uri.getPort(),
                    failure == null ? "disconnected" : failure.getMessage());
        }
    }

    private void back() {
        if (away) {
            away = false;
            LOG.info("Redis at {}:{} answers again", uri.getHost(), uri.getPort());
        }
    }

    @PreDestroy
    void close() {
        CompletableFuture<StatefulRedisConnection<String, String>> current = connection.getAndSet(null);
        if (current != null) {
            current.thenAccept(StatefulRedisConnection::closeAsync);
        }
    }
}
