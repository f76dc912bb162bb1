package microlab.orders.users;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import microlab.orders.Api;
import microlab.orders.OrdersTestBase;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static microlab.orders.FakeUsersService.ACTIVE_USER;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** users-service at an address where nothing listens. */
@MicronautTest
class UsersServiceDownTest extends OrdersTestBase {

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("micronaut.http.services.users.url", "http://127.0.0.1:" + deadPort());
    }

    @Test
    void orderIsServiceUnavailableAndNotWritten() {
        Api.Reply reply = api.post("/orders", order(ACTIVE_USER, item("A", 1, "1.00")));

        assertProblem(503, reply);
        assertEquals("users-service is unreachable; the order was not created. Retry later.", reply.json().get("detail"));
        assertEquals(0, rows.orders());
        assertEquals(0, rows.items());
    }

    @Test
    void keyedOrderIsServiceUnavailableAndTheKeyCanBeRetried() {
        String key = "down-" + System.nanoTime();
        String body = order(ACTIVE_USER, item("A", 1, "1.00"));

        assertProblem(503, api.post("/orders", body, "Idempotency-Key", key));
        assertProblem(503, api.post("/orders", body, "Idempotency-Key", key));
        assertEquals(0, rows.orders());
    }

    @Test
    void readsStillWork() {
        assertEquals(200, api.get("/orders").status());
    }

    @Test
    void serviceIsAliveButNotReady() {
        assertEquals(200, api.get("/health/liveness").status());

        Api.Reply readiness = api.get("/health/readiness");
        assertEquals(503, readiness.status(), readiness::toString);
        Map<?, ?> details = (Map<?, ?>) readiness.json().get("details");
        assertEquals("DOWN", ((Map<?, ?>) details.get("users-service")).get("status"), readiness::toString);
        assertEquals("UP", ((Map<?, ?>) details.get("jdbc")).get("status"), readiness::toString);
    }
}
