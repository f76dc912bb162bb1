package microlab.orders.order;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

@Serdeable
public record OrderPage(List<OrderView> content, int page, int size, long totalElements, int totalPages) {
}
