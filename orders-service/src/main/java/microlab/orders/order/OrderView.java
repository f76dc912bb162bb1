package microlab.orders.order;

import io.micronaut.serde.annotation.Serdeable;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** An order as clients see it: the order row with its items inline. */
@Serdeable
public record OrderView(Long id, long userId, List<Item> items, BigDecimal total, OrderStatus status, Instant createdAt) {

    @Serdeable
    public record Item(String sku, int quantity, BigDecimal unitPrice) {
    }

    static OrderView of(Order order, List<OrderItem> items) {
        List<Item> views = items.stream().map(i -> new Item(i.sku(), i.quantity(), i.unitPrice())).toList();
        return new OrderView(order.id(), order.userId(), views, order.total(), order.status(), order.createdAt());
    }
}
