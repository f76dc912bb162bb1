package microlab.users.user;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import microlab.users.redis.RedisConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Optional;

/** Users by id in Redis ({@code users:<id>}), for ten minutes or until the user changes. */
@Singleton
class UserCache {

    private static final Logger LOG = LoggerFactory.getLogger(UserCache.class);
    private static final long TTL_SECONDS = 600;

    private final RedisConnection redis;
    private final JsonMapper json;

    UserCache(RedisConnection redis, JsonMapper json) {
        this.redis = redis;
        this.json = json;
    }

    Optional<User> get(long id) {
        try {
            return redis.commands()
                    .map(commands -> commands.get(key(id)))
                    .map(this::read);
        } catch (RuntimeException e) {
            LOG.warn("Cache read of user {} failed: {}", id, e.getMessage());
            return Optional.empty();
        }
    }

    void put(User user) {
        try {
            String value = json.writeValueAsString(user);
            redis.commands().ifPresent(commands -> commands.setex(key(user.id()), TTL_SECONDS, value));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cache write of user {} failed: {}", user.id(), e.getMessage());
        }
    }

    // If Redis is away during a change, an old entry may outlive it: the TTL bounds how long.
    void evict(long id) {
        try {
            redis.commands().ifPresent(commands -> commands.del(key(id)));
        } catch (RuntimeException e) {
            LOG.warn("Cache eviction of user {} failed: {}", id, e.getMessage());
        }
    }

    private User read(String value) {
        try {
            return json.readValue(value, User.class);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable cache entry", e);
        }
    }

    private static String key(long id) {
        return "users:" + id;
    }
}
