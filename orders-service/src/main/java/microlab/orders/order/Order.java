package microlab.orders.order;

import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.math.BigDecimal;
import java.time.Instant;

@MappedEntity("orders")
public record Order(
        @Id @GeneratedValue Long id,
        long userId,
        BigDecimal total,
        OrderStatus status,
        Instant createdAt) {
}
