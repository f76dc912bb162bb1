package microlab.orders.order;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.stream.Collectors;

/** What a client sends to place an order; the total is never taken from the client. */
@Serdeable
public record CreateOrderRequest(
        @NotNull @Positive Long userId,
        @NotNull @Size(min = 1, max = 100) List<@NotNull @Valid OrderItemRequest> items) {

    public BigDecimal total() {
        return items.stream()
                .map(item -> item.price().multiply(BigDecimal.valueOf(item.quantityValue())))
                .reduce(BigDecimal.ZERO, BigDecimal::add)
                .setScale(2, RoundingMode.UNNECESSARY);
    }

    /**
     * The request reduced to what it means, so that a retry that spells a price "5" instead of
     * "5.00", or orders its JSON keys differently, still counts as the same request.
     */
    public String canonicalForm() {
        return userId + "|" + items.stream()
                .map(item -> item.sku().strip() + "*" + item.quantityValue() + "@" + item.price().toPlainString())
                .collect(Collectors.joining(","));
    }
}
