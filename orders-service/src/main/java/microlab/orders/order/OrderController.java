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

import io.swagger.v3.oas.annotations.responses.ApiResponse;

import java.net.URI;

import static microlab.problem.ProblemResponses.BAD_GATEWAY;
import static microlab.problem.ProblemResponses.BAD_REQUEST;
import static microlab.problem.ProblemResponses.CONFLICT;
import static microlab.problem.ProblemResponses.NOT_FOUND;
import static microlab.problem.ProblemResponses.SERVICE_UNAVAILABLE;
import static microlab.problem.ProblemResponses.UNPROCESSABLE;
import static microlab.problem.ProblemResponses.UNSUPPORTED_MEDIA_TYPE;

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

    /** Newest first; a size above 100 (MAX_PAGE_SIZE) is served as 100. */
    @Get("{?userId,status,page,size}")
    @ApiResponse(responseCode = "200", description = "one page of orders, newest first")
    @ApiResponse(responseCode = "400", ref = BAD_REQUEST)
    @ApiResponse(responseCode = "503", ref = SERVICE_UNAVAILABLE)
    public OrderPage list(@Nullable @Positive @QueryValue Long userId,
                          @Nullable @QueryValue OrderStatus status,
                          @QueryValue(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
                          @QueryValue(defaultValue = "20") @Min(1) int size) {
        return orders.list(userId, status, page, Math.min(size, MAX_PAGE_SIZE));
    }

    @Get("/{id}")
    @ApiResponse(responseCode = "200", description = "the order")
    @ApiResponse(responseCode = "400", ref = BAD_REQUEST)
    @ApiResponse(responseCode = "404", ref = NOT_FOUND)
    @ApiResponse(responseCode = "503", ref = SERVICE_UNAVAILABLE)
    public OrderView get(long id) {
        return orders.find(id).orElseThrow(() -> OrderService.notFound(id));
    }

    @Post
    @ApiResponse(responseCode = "201", description = "created; Location names the new order")
    @ApiResponse(responseCode = "200", description = "an Idempotency-Key replayed: the order created by its first request")
    @ApiResponse(responseCode = "400", ref = BAD_REQUEST)
    @ApiResponse(responseCode = "409", ref = CONFLICT)
    @ApiResponse(responseCode = "415", ref = UNSUPPORTED_MEDIA_TYPE)
    @ApiResponse(responseCode = "422", ref = UNPROCESSABLE)
    @ApiResponse(responseCode = "502", ref = BAD_GATEWAY)
    @ApiResponse(responseCode = "503", ref = SERVICE_UNAVAILABLE)
    public HttpResponse<OrderView> create(@Body @Valid CreateOrderRequest request,
                                          @Nullable @Header("Idempotency-Key") String idempotencyKey) {
        OrderPlacement.Placed placed = placement.place(request, idempotencyKey);
        URI location = URI.create("/orders/" + placed.order().id());
        return (placed.replayed() ? HttpResponse.ok(placed.order()) : HttpResponse.created(placed.order()))
                .headers(headers -> headers.location(location));
    }

    @Post("/{id}/status")
    @ApiResponse(responseCode = "200", description = "the order in its new status")
    @ApiResponse(responseCode = "400", ref = BAD_REQUEST)
    @ApiResponse(responseCode = "404", ref = NOT_FOUND)
    @ApiResponse(responseCode = "409", ref = CONFLICT)
    @ApiResponse(responseCode = "415", ref = UNSUPPORTED_MEDIA_TYPE)
    @ApiResponse(responseCode = "503", ref = SERVICE_UNAVAILABLE)
    public OrderView changeStatus(long id, @Body @Valid StatusChange change) {
        return orders.changeStatus(id, change.status());
    }
}
