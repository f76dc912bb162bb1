package microlab.orders.order;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;

/** Prices have at most two decimals and ten integer digits: they must fit numeric(12,2) unrounded. */
@Serdeable
public record OrderItemRequest(
        @NotBlank @Size(max = 64) String sku,
        @NotNull @Min(1) Integer quantity,
        @NotNull @DecimalMin("0") @Digits(integer = 10, fraction = 2) BigDecimal unitPrice) {
}
