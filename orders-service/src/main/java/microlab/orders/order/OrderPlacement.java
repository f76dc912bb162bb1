package microlab.orders.order;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.exceptions.HttpStatusException;
import jakarta.inject.Singleton;
import microlab.orders.idempotency.IdempotentExecutor;
import microlab.orders.idempotency.Outcome;
import microlab.orders.users.ActiveUserCheck;

import java.math.BigDecimal;

/** Places an order: checks it, asks users-service about the user, writes it once per Idempotency-Key. */
@Singleton
public class OrderPlacement {

    /** The largest amount numeric(12,2) holds. */
    static final BigDecimal MAX_TOTAL = new BigDecimal("9999999999.99");

    private final OrderService orders;
    private final ActiveUserCheck users;
    private final IdempotentExecutor idempotency;

    public OrderPlacement(OrderService orders, ActiveUserCheck users, IdempotentExecutor idempotency) {
        this.orders = orders;
        this.users = users;
        this.idempotency = idempotency;
    }

    public Placed place(CreateOrderRequest request, String idempotencyKey) {
        if (request.total().compareTo(MAX_TOTAL) > 0) {
            throw new HttpStatusException(HttpStatus.UNPROCESSABLE_ENTITY,
                    "The order total exceeds " + MAX_TOTAL.toPlainString() + ".");
        }
        if (idempotencyKey == null) {
            return new Placed(createChecked(request), false);
        }
        Outcome outcome = idempotency.run(idempotencyKey, request.canonicalForm(), () -> createChecked(request).id());
        OrderView order = orders.find(outcome.resourceId()).orElseThrow(() -> new HttpStatusException(HttpStatus.CONFLICT,
                "Idempotency-Key " + idempotencyKey + " refers to order " + outcome.resourceId() + ", which no longer exists."));
        return new Placed(order, outcome.replayed());
    }

    // users-service is asked before any row is written and outside the transaction, so a slow
    // upstream never holds a database connection.
    private OrderView createChecked(CreateOrderRequest request) {
        users.requireActiveUser(request.userId());
        return orders.create(request);
    }

    /** {@code replayed} is true when the order was created by an earlier request with the same key. */
    public record Placed(OrderView order, boolean replayed) {
    }
}
