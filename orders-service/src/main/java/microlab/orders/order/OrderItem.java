package microlab.orders.order;

import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.math.BigDecimal;

@MappedEntity("order_items")
public record OrderItem(
        @Id @GeneratedValue Long id,
        long orderId,
        int lineNo,
        String sku,
        int quantity,
        BigDecimal unitPrice) {
}
