package microlab.orders.idempotency;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import microlab.orders.Api;
import microlab.orders.OrdersTestBase;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static microlab.orders.FakeUsersService.SLOW_USER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A request that fails before writing (users-service too slow) leaves its key free, also for a duplicate sent meanwhile. */
@MicronautTest
class InFlightDuplicateTest extends OrdersTestBase {

    @Test
    void aFailedFirstRequestAndItsDuplicateWriteNothingAndLeaveTheKeyFree() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = order(SLOW_USER, item("A", 1, "1.00"));
        CompletableFuture<Api.Reply> first = CompletableFuture.supplyAsync(() -> api.post("/orders", body, "Idempotency-Key", key));
        Thread.sleep(100);

        assertProblem(503, api.post("/orders", body, "Idempotency-Key", key));
        assertProblem(503, first.get());
        assertEquals(0, rows.orders());
        assertNull(rows.orderOfKey(key));
    }
}
