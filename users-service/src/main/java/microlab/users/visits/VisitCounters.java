package microlab.users.visits;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import microlab.redis.OptionalRedis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 3: one visit raises a Redis counter (INCR) and a PostgreSQL counter (one UPDATE ...
 * RETURNING). Both are single atomic operations on their server, so concurrent visits never lose a count.
 */
@Singleton
class VisitCounters {

    private static final Logger LOG = LoggerFactory.getLogger(VisitCounters.class);
    static final String REDIS_KEY = "visits";

    private final JdbcOperations jdbc;
    private final OptionalRedis redis;

    VisitCounters(JdbcOperations jdbc, OptionalRedis redis) {
        this.jdbc = jdbc;
        this.redis = redis;
    }

    Visits visit() {
        return new Visits(incrementRedis(), incrementPostgres());
    }

    @Transactional
    long incrementPostgres() {
        return jdbc.prepareStatement("UPDATE visits SET count = count + 1 WHERE id = 1 RETURNING count", statement -> {
            try (var result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        });
    }

    // Redis away: the visit still counts in PostgreSQL, and the answer says Redis did not count it (null).
    private Long incrementRedis() {
        try {
            return redis.commands().map(commands -> commands.incr(REDIS_KEY)).orElse(null);
        } catch (RuntimeException e) {
            LOG.warn("Redis visit counter unavailable: {}", e.getMessage());
            return null;
        }
    }
}
