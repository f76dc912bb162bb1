package microlab.orders.order;

import io.micronaut.serde.annotation.Serdeable;

import java.util.EnumSet;
import java.util.Set;

/** The life of an order: CREATED -> PAID -> SHIPPED, and CREATED or PAID -> CANCELLED. */
@Serdeable
public enum OrderStatus {
    CREATED,
    PAID,
    SHIPPED,
    CANCELLED;

    /** The statuses an order may be in for a move to this one to be allowed. */
    public Set<OrderStatus> allowedPredecessors() {
        return switch (this) {
            case CREATED -> EnumSet.noneOf(OrderStatus.class);
            case PAID -> EnumSet.of(CREATED);
            case SHIPPED -> EnumSet.of(PAID);
            case CANCELLED -> EnumSet.of(CREATED, PAID);
        };
    }
}
