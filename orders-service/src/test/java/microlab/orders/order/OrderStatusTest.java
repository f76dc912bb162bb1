package microlab.orders.order;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import microlab.orders.Api;
import microlab.orders.OrdersTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static microlab.orders.FakeUsersService.ACTIVE_USER;
import static org.junit.jupiter.api.Assertions.assertEquals;

@MicronautTest
class OrderStatusTest extends OrdersTestBase {

    @Test
    void orderIsPaidThenShipped() {
        long id = createOrder(ACTIVE_USER).id();

        Api.Reply paid = move(id, "PAID");
        assertEquals(200, paid.status(), paid::toString);
        assertEquals("PAID", paid.json().get("status"));
        Api.Reply shipped = move(id, "SHIPPED");
        assertEquals(200, shipped.status(), shipped::toString);

        assertEquals("SHIPPED", api.get("/orders/" + id).json().get("status"));
    }

    @Test
    void createdOrderCanBeCancelled() {
        long id = createOrder(ACTIVE_USER).id();

        assertEquals(200, move(id, "CANCELLED").status());
        assertEquals("CANCELLED", api.get("/orders/" + id).json().get("status"));
    }

    @Test
    void paidOrderCanBeCancelled() {
        long id = createOrder(ACTIVE_USER).id();
        move(id, "PAID");

        assertEquals(200, move(id, "CANCELLED").status());
        assertEquals("CANCELLED", api.get("/orders/" + id).json().get("status"));
    }

    /** Each row: the moves that bring a new order somewhere, then a move that must be refused. */
    @ParameterizedTest
    @CsvSource({
            "'', SHIPPED",
            "'', CREATED",
            "PAID, PAID",
            "PAID, CREATED",
            "PAID SHIPPED, CANCELLED",
            "PAID SHIPPED, PAID",
            "CANCELLED, PAID",
            "CANCELLED, SHIPPED",
            "CANCELLED, CANCELLED",
    })
    void forbiddenTransitionIsConflictAndChangesNothing(String before, String target) {
        long id = createOrder(ACTIVE_USER).id();
        String expected = "CREATED";
        for (String step : before.split(" ")) {
            if (!step.isBlank()) {
                assertEquals(200, move(id, step).status());
                expected = step;
            }
        }

        assertProblem(409, move(id, target));
        assertEquals(expected, api.get("/orders/" + id).json().get("status"));
    }

    @Test
    void unknownStatusValueIsBadRequest() {
        long id = createOrder(ACTIVE_USER).id();

        assertProblem(400, move(id, "LOST"));
        assertProblem(400, api.post("/orders/" + id + "/status", "{}"));
        assertProblem(400, api.post("/orders/" + id + "/status", "{\"status\":"));
        assertEquals("CREATED", api.get("/orders/" + id).json().get("status"));
    }

    @Test
    void statusOfMissingOrderIsNotFound() {
        assertProblem(404, move(987654321, "PAID"));
    }

    @Test
    void concurrentPaymentsOfOneOrderSucceedOnce() throws Exception {
        long id = createOrder(ACTIVE_USER).id();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Callable<Integer>> attempts = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                attempts.add(() -> move(id, "PAID").status());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : pool.invokeAll(attempts)) {
                statuses.add(status.get());
            }

            assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses::toString);
            assertEquals(9, statuses.stream().filter(s -> s == 409).count(), statuses::toString);
        } finally {
            pool.shutdownNow();
        }
    }

    private Api.Reply move(long id, String status) {
        return api.post("/orders/" + id + "/status", "{\"status\":\"" + status + "\"}");
    }
}
