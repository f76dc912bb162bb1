package microlab.orders.order;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Prices have at most two decimals and ten integer digits: they must fit numeric(12,2) unrounded.
 * The quantity is read as a decimal so that 1.5 is refused instead of silently becoming 1.
 */
@Serdeable
public record OrderItemRequest(
        @NotBlank @Size(max = 64) @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters") String sku,
        @NotNull @Min(1) @Digits(integer = 9, fraction = 0) BigDecimal quantity,
        @NotNull @DecimalMin("0") @Digits(integer = 10, fraction = 2) BigDecimal unitPrice) {

    // 1.0 items and a price of 9.990 are the same as 1 and 9.99: only significant digits count.
    public OrderItemRequest {
        quantity = quantity == null ? null : quantity.stripTrailingZeros();
        unitPrice = unitPrice == null ? null : unitPrice.stripTrailingZeros();
    }

    public int quantityValue() {
        return quantity.intValueExact();
    }

    /** Always two decimals, so an order reads the same when created and when fetched. */
    public BigDecimal price() {
        return unitPrice.setScale(2, RoundingMode.UNNECESSARY);
    }
}
