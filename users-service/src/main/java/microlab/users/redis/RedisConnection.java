package microlab.users.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * The Redis connection, opened on first use and reopened after an outage. Redis only speeds up or
 * counts things here, so a service must start and serve from PostgreSQL while Redis is away: callers
 * get {@code Optional.empty()} instead of an exception and carry on without it.
 */
@Singleton
public class RedisConnection {

    private static final Logger LOG = LoggerFactory.getLogger(RedisConnection.class);

    private final RedisClient client;
    private volatile StatefulRedisConnection<String, String> connection;

    public RedisConnection(RedisClient client) {
        this.client = client;
        // While disconnected, fail at once rather than queue commands until they time out.
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
    }

    public Optional<RedisCommands<String, String>> commands() {
        StatefulRedisConnection<String, String> current = connection;
        if (current != null && current.isOpen()) {
            return Optional.of(current.sync());
        }
        synchronized (this) {
            if (connection == null || !connection.isOpen()) {
                try {
                    connection = client.connect();
                    LOG.info("Connected to Redis");
                } catch (RuntimeException e) {
                    LOG.warn("Redis unavailable, carrying on without it: {}", e.getMessage());
                    return Optional.empty();
                }
            }
            return Optional.of(connection.sync());
        }
    }

    @PreDestroy
    void close() {
        if (connection != null) {
            connection.close();
        }
    }
}
