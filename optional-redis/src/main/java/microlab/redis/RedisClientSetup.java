package microlab.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.micronaut.configuration.lettuce.AbstractRedisConfiguration;
import io.micronaut.configuration.lettuce.ClientResourcesMutator;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * The options of micronaut-redis's {@link RedisClient}, set once for every user of it: fail fast while
 * disconnected, connect within a second, time out every command (queued or not) after
 * {@code redis.timeout}, and reconnect within a second of Redis coming back.
 */
@Singleton
public class RedisClientSetup implements BeanCreatedEventListener<RedisClient>, ClientResourcesMutator {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(1);

    private final AbstractRedisConfiguration configuration;

    public RedisClientSetup(AbstractRedisConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public RedisClient onCreated(BeanCreatedEvent<RedisClient> event) {
        RedisClient client = event.getBean();
        Duration timeout = commandTimeout(configuration);
        client.setDefaultTimeout(timeout);
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .autoReconnect(true)
                .build());
        return client;
    }

    @Override
    public void mutate(ClientResources.Builder builder, AbstractRedisConfiguration config) {
        builder.reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(1), 2,
                java.util.concurrent.TimeUnit.MILLISECONDS));
    }

    static Duration commandTimeout(AbstractRedisConfiguration configuration) {
        return configuration.getTimeout() == null ? DEFAULT_COMMAND_TIMEOUT : configuration.getTimeout();
    }
}
