package microlab.users.user;

import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import microlab.redis.OptionalRedis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Users by id in Redis ({@code users:<id>}), for ten minutes or until the user changes.
 *
 * <p>A read that misses fills the entry from the database, and that fill can race a change: the
 * reader gets the old row, the writer commits and evicts, then the reader puts the old row back. So
 * each user also has a generation ({@code users:<id>:generation}) that every eviction raises in the
 * same script that deletes the entry, and a fill goes in only while the generation is still the one
 * the reader saw before it went to the database. A fill that lost the race is dropped; the next read
 * fills again. The generation lives twice as long as an entry, far longer than a database read may
 * take (30 s at most), so it cannot expire and come back to the same value under a waiting reader.
 */
@Singleton
class UserCache {

    private static final Logger LOG = LoggerFactory.getLogger(UserCache.class);
    private static final long TTL_SECONDS = 600;
    private static final String GENERATION_TTL_SECONDS = String.valueOf(2 * TTL_SECONDS);

    private static final String FILL = """
            if (redis.call('GET', KEYS[2]) or '') == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
              return 1
            end
            return 0
            """;
    private static final String EVICT = """
            redis.call('INCR', KEYS[2])
            redis.call('EXPIRE', KEYS[2], ARGV[1])
            return redis.call('DEL', KEYS[1])
            """;

    /** What a read found: the cached user, or else the generation a fill must still see (null: no Redis). */
    record Lookup(Optional<User> hit, String generation) {
        static final Lookup WITHOUT_REDIS = new Lookup(Optional.empty(), null);
    }

    private final OptionalRedis redis;
    private final JsonMapper json;

    UserCache(OptionalRedis redis, JsonMapper json) {
        this.redis = redis;
        this.json = json;
    }

    Lookup lookup(long id) {
        try {
            return redis.commands().map(commands -> {
                List<KeyValue<String, String>> values = commands.mget(key(id), generationKey(id));
                Optional<User> hit = values.get(0).optional().map(this::read);
                return new Lookup(hit, values.get(1).getValueOrElse(""));
            }).orElse(Lookup.WITHOUT_REDIS);
        } catch (RuntimeException e) {
            LOG.warn("Cache read of user {} failed: {}", id, e.getMessage());
            return Lookup.WITHOUT_REDIS;
        }
    }

    /** Caches what the database said after {@code lookup}, unless the user changed in between. */
    void fill(User user, Lookup lookup) {
        if (lookup.generation() == null) {
            return;
        }
        try {
            String value = json.writeValueAsString(user);
            redis.commands().ifPresent(commands -> commands.<Long>eval(FILL, ScriptOutputType.INTEGER,
                    new String[] {key(user.id()), generationKey(user.id())},
                    lookup.generation(), value, String.valueOf(TTL_SECONDS)));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cache write of user {} failed: {}", user.id(), e.getMessage());
        }
    }

    // If Redis is away during a change, an old entry may outlive it: the TTL bounds how long.
    void evict(long id) {
        try {
            redis.commands().ifPresent(commands -> commands.<Long>eval(EVICT, ScriptOutputType.INTEGER,
                    new String[] {key(id), generationKey(id)}, GENERATION_TTL_SECONDS));
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

    private static String generationKey(long id) {
        return "users:" + id + ":generation";
    }
}
