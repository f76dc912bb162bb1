package microlab.orders.order;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotNull;

@Serdeable
public record StatusChange(@NotNull OrderStatus status) {
}
