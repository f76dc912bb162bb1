package microlab.orders.order;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.Sort;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import microlab.orders.idempotency.Idempotency;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Orders and their Idempotency-Keys in PostgreSQL. Knows nothing of users-service: callers check it first. */
@Singleton
public class OrderService {

    private final OrderRepository orders;
    private final OrderItemRepository items;
    private final Idempotency idempotency;

    public OrderService(OrderRepository orders, OrderItemRepository items, Idempotency idempotency) {
        this.orders = orders;
        this.items = items;
        this.idempotency = idempotency;
    }

    /**
     * The order row, its items and its Idempotency-Key (when {@code key} is not null) commit together
     * or not at all.
     */
    @Transactional
    public OrderView create(CreateOrderRequest request, @Nullable Idempotency.Claim key) {
        // PostgreSQL keeps microseconds: truncating here makes the POST answer equal a later GET.
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Order order = orders.save(new Order(null, request.userId(), request.total(), OrderStatus.CREATED, now));
        List<OrderItem> rows = new ArrayList<>();
        for (int line = 0; line < request.items().size(); line++) {
            OrderItemRequest item = request.items().get(line);
            rows.add(new OrderItem(null, order.id(), line, item.sku().strip(), item.quantityValue(), item.price()));
        }
        List<OrderItem> saved = items.saveAll(rows);
        if (key != null) {
            idempotency.record(key, order.id(), now);
        }
        return OrderView.of(order, saved);
    }

    @Transactional(readOnly = true)
    public Optional<OrderView> find(long id) {
        return orders.findById(id).map(order -> OrderView.of(order, items.findByOrderIdInOrderByLineNo(List.of(id))));
    }

    @Transactional(readOnly = true)
    public OrderPage list(Long userId, OrderStatus status, int page, int size) {
        Pageable pageable = Pageable.from(page, size, Sort.of(Sort.Order.desc("id")));
        Page<Order> found;
        if (userId != null && status != null) {
            found = orders.findByUserIdAndStatus(userId, status, pageable);
        } else if (userId != null) {
            found = orders.findByUserId(userId, pageable);
        } else if (status != null) {
            found = orders.findByStatus(status, pageable);
        } else {
            found = orders.findAll(pageable);
        }
        return new OrderPage(withItems(found.getContent()), page, size, found.getTotalSize(), found.getTotalPages());
    }

    @Transactional
    public OrderView changeStatus(long id, OrderStatus target) {
        Order current = orders.findById(id).orElseThrow(() -> notFound(id));
        List<String> from = target.allowedPredecessors().stream().map(Enum::name).toList();
        if (from.isEmpty() || orders.transition(id, target.name(), from) == 0) {
            // Re-read: a concurrent transition may have moved the order since the first read.
            OrderStatus now = orders.findById(id).map(Order::status).orElse(current.status());
            throw new OrderConflictException(
                    "Order " + id + " is " + now + " and cannot move to " + target + ".");
        }
        return find(id).orElseThrow(() -> notFound(id));
    }

    static OrderNotFoundException notFound(long id) {
        return new OrderNotFoundException(id);
    }

    // One query for the items of the whole page instead of one per order.
    private List<OrderView> withItems(List<Order> page) {
        if (page.isEmpty()) {
            return List.of();
        }
        Map<Long, List<OrderItem>> byOrder = items.findByOrderIdInOrderByLineNo(page.stream().map(Order::id).toList())
                .stream()
                .collect(Collectors.groupingBy(OrderItem::orderId));
        return page.stream().map(order -> OrderView.of(order, byOrder.getOrDefault(order.id(), List.of()))).toList();
    }
}
