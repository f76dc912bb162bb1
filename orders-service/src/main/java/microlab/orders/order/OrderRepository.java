package microlab.orders.order;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.PageableRepository;

import java.util.Collection;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface OrderRepository extends PageableRepository<Order, Long> {

    Page<Order> findByUserId(long userId, Pageable pageable);

    Page<Order> findByStatus(OrderStatus status, Pageable pageable);

    Page<Order> findByUserIdAndStatus(long userId, OrderStatus status, Pageable pageable);

    /**
     * Moves an order only if it is still in one of {@code from}: the check and the write are one
     * statement, so two concurrent transitions cannot both win.
     */
    @Query("UPDATE orders SET status = :to WHERE id = :id AND status IN (:from)")
    long transition(long id, String to, Collection<String> from);
}
