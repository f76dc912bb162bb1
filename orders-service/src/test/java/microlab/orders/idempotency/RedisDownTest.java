package microlab.orders.idempotency;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import microlab.orders.Api;
import microlab.orders.OrdersTestBase;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static microlab.orders.FakeUsersService.ACTIVE_USER;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Redis at an address where nothing listens. */
@MicronautTest
class RedisDownTest extends OrdersTestBase {

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("redis.uri", "redis://127.0.0.1:" + deadPort());
    }

    @Test
    void orderWithoutKeyIsStillCreated() {
        Api.Reply reply = api.post("/orders", order(ACTIVE_USER, item("A", 1, "1.00")));

        assertEquals(201, reply.status(), reply::toString);
        assertEquals(200, api.get(reply.header("Location")).status());
        assertEquals(1, rows.orders());
    }

    @Test
    void orderWithKeyIsServiceUnavailableAndNotWritten() {
        Api.Reply reply = api.post("/orders", order(ACTIVE_USER, item("A", 1, "1.00")), "Idempotency-Key", "redis-down");

        assertProblem(503, reply);
        assertEquals(0, rows.orders());
    }

    @Test
    void serviceIsAliveButNotReady() {
        assertEquals(200, api.get("/health/liveness").status());

        Api.Reply readiness = api.get("/health/readiness");
        assertEquals(503, readiness.status(), readiness::toString);
    }
}
