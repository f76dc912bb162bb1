package microlab.orders;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest
class HealthTest extends OrdersTestBase {

    @Test
    void livenessIsUp() {
        Api.Reply reply = api.get("/health/liveness");

        assertEquals(200, reply.status(), reply::toString);
        assertEquals("UP", reply.json().get("status"));
    }

    @Test
    void readinessChecksTheDatabaseOnly() {
        Api.Reply reply = api.get("/health/readiness");

        assertEquals(200, reply.status(), reply::toString);
        Map<?, ?> details = (Map<?, ?>) reply.json().get("details");
        assertEquals("UP", ((Map<?, ?>) details.get("jdbc")).get("status"), reply::toString);
        // a peer's outage is a 503 on the requests that need it, never an instance taken out of service
        assertFalse(details.containsKey("users-service"), reply::toString);
        // idempotency keys live in PostgreSQL: orders-service needs no Redis at all
        assertFalse(details.containsKey("redis"), reply::toString);
    }

    @Test
    void prometheusMetricsIncludeHttpRequests() {
        api.get("/orders");

        Api.Reply reply = api.get("/prometheus");

        assertEquals(200, reply.status(), reply::toString);
        assertTrue(reply.body().contains("http_server_requests_seconds_count"), "no request metrics");
        assertTrue(reply.body().contains("hikaricp_connections"), "no pool metrics");
    }
}
