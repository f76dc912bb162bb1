package microlab.orders.order;

import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import microlab.orders.idempotency.Idempotency;
import microlab.orders.users.ActiveUserCheck;

import java.math.BigDecimal;
import java.util.Optional;

/** Places an order: checks it, asks users-service about the user, writes it once per Idempotency-Key. */
@Singleton
public class OrderPlacement {

    private static final Logger LOG = LoggerFactory.getLogger(OrderPlacement.class);

    /** The largest amount numeric(12,2) holds. */
    static final BigDecimal MAX_TOTAL = new BigDecimal("9999999999.99");

    private final OrderService orders;
    private final ActiveUserCheck users;
    private final Idempotency idempotency;

    public OrderPlacement(OrderService orders, ActiveUserCheck users, Idempotency idempotency) {
        this.orders = orders;
        this.users = users;
        this.idempotency = idempotency;
    }

    public Placed place(CreateOrderRequest request, String idempotencyKey) {
        if (request.total().compareTo(MAX_TOTAL) > 0) {
            throw new OrderRefusedException(
                    "The order total exceeds " + MAX_TOTAL.toPlainString() + ".");
        }
        if (idempotencyKey == null) {
            return new Placed(createChecked(request, null), false);
        }
        Idempotency.Claim claim = idempotency.claim(idempotencyKey, request.canonicalForm());
        Optional<Long> earlier = idempotency.earlierOrder(claim);
        if (earlier.isPresent()) {
            return replay(claim, earlier.get());
        }
        try {
            return new Placed(createChecked(request, claim), false);
        } catch (RuntimeException e) {
            if (!Idempotency.isTakenKey(e)) {
                throw e;
            }
            // a request with the same key committed while this one ran: its order is the answer
            LOG.info("Idempotency-Key {} was stored by a concurrent request; answering with its order", claim.key());
            return replay(claim, idempotency.earlierOrder(claim).orElseThrow(() -> e));
        }
    }

    // users-service is asked before any row is written and outside the transaction, so a slow
    // upstream never holds a database connection.
    private OrderView createChecked(CreateOrderRequest request, Idempotency.Claim claim) {
        users.requireActiveUser(request.userId());
        return orders.create(request, claim);
    }

    private Placed replay(Idempotency.Claim claim, long orderId) {
        OrderView order = orders.find(orderId).orElseThrow(() -> new OrderConflictException(
                "Idempotency-Key " + claim.key() + " refers to order " + orderId + ", which no longer exists."));
        return new Placed(order, true);
    }

    /** {@code replayed} is true when the order was created by an earlier request with the same key. */
    public record Placed(OrderView order, boolean replayed) {
    }
}
