package microlab.orders.order;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;

import java.net.URI;

/**
 * The orders API. {@code POST /orders} answers 201 with a Location when it creates an order, and
 * 200 with the same order and Location when an Idempotency-Key replays an earlier request.
 */
@Controller("/orders")
@ExecuteOn(TaskExecutors.BLOCKING)
public class OrderController {

    static final int MAX_PAGE_SIZE = 100;

    private final OrderService orders;
    private final OrderPlacement placement;

    public OrderController(OrderService orders, OrderPlacement placement) {
        this.orders = orders;
        this.placement = placement;
    }

    /** Newest first; a size above {@value #MAX_PAGE_SIZE} is served as {@value #MAX_PAGE_SIZE}. */
    @Get("{?userId,status,page,size}")
    public OrderPage list(@Nullable @Positive @QueryValue Long userId,
                          @Nullable @QueryValue OrderStatus status,
                          @QueryValue(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
                          @QueryValue(defaultValue = "20") @Min(1) int size) {
        return orders.list(userId, status, page, Math.min(size, MAX_PAGE_SIZE));
    }

    @Get("/{id}")
    public OrderView get(long id) {
        return orders.find(id).orElseThrow(() -> OrderService.notFound(id));
    }

    @Post
    public HttpResponse<OrderView> create(@Body @Valid CreateOrderRequest request,
                                          @Nullable @Header("Idempotency-Key") String idempotencyKey) {
        OrderPlacement.Placed placed = placement.place(request, idempotencyKey);
        URI location = URI.create("/orders/" + placed.order().id());
        return (placed.replayed() ? HttpResponse.ok(placed.order()) : HttpResponse.created(placed.order()))
                .headers(headers -> headers.location(location));
    }

    @Post("/{id}/status")
    public OrderView changeStatus(long id, @Body @Valid StatusChange change) {
        return orders.changeStatus(id, change.status());
    }
}
