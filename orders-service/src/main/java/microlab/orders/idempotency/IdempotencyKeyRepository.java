package microlab.orders.idempotency;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface IdempotencyKeyRepository extends CrudRepository<IdempotencyKey, String> {

    @Query("DELETE FROM idempotency_keys WHERE created_at < :before")
    long deleteCreatedBefore(Instant before);
}
