package microlab.users.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The Redis connection, opened on first use and reopened after an outage. Redis only speeds up or
 * counts things here, so the service must start and serve from PostgreSQL while Redis is away: callers
 * get {@code Optional.empty()} instead of an exception and carry on without it.
 */
@Singleton
public class RedisConnection {

    private static final Logger LOG = LoggerFactory.getLogger(RedisConnection.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static final long RETRY_AFTER_NANOS = Duration.ofSeconds(5).toNanos();

    private final RedisClient client;
    private final ReentrantLock connecting = new ReentrantLock();
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile long lastFailure;
    private volatile boolean failed;

    public RedisConnection(RedisClient client) {
        this.client = client;
        // While disconnected, fail at once rather than queue commands until they time out.
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build())
                .build());
    }

    public Optional<RedisCommands<String, String>> commands() {
        StatefulRedisConnection<String, String> current = connection;
        if (current != null && current.isOpen()) {
            return Optional.of(current.sync());
        }
        // One thread at a time tries to connect, at most every few seconds; meanwhile the others go
        // without Redis at once instead of queueing behind a connect that may well time out.
        if ((failed && System.nanoTime() - lastFailure < RETRY_AFTER_NANOS) || !connecting.tryLock()) {
            return Optional.empty();
        }
        try {
            if (connection == null || !connection.isOpen()) {
                connection = client.connect();
                failed = false;
                LOG.info("Connected to Redis");
            }
            return Optional.of(connection.sync());
        } catch (RuntimeException e) {
            lastFailure = System.nanoTime();
            if (!failed) {
                LOG.warn("Redis unavailable, carrying on without it: {}", e.getMessage());
            }
            failed = true;
            return Optional.empty();
        } finally {
            connecting.unlock();
        }
    }

    /** Whether Redis answers a PING right now (for health: it connects if it can). */
    public boolean answers() {
        try {
            return commands().map(commands -> "PONG".equals(commands.ping())).orElse(false);
        } catch (RuntimeException e) {
            return false;
        }
    }

    @PreDestroy
    void close() {
        if (connection != null) {
            connection.close();
        }
    }
}
