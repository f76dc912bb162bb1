package microlab.orders.users;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import microlab.orders.Api;
import microlab.orders.OrdersTestBase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import static microlab.orders.FakeUsersService.ACTIVE_USER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
    void readsStillWork() throws SQLException {
        long id = storedOrder();

        assertEquals(200, api.get("/orders").status());
        Api.Reply reply = api.get("/orders/" + id);
        assertEquals(200, reply.status(), reply::toString);
        assertEquals("CREATED", reply.json().get("status"), reply::toString);
    }

    /** Readiness is PostgreSQL only: without users-service the pod stays in its Service and serves reads. */
    @Test
    void serviceIsAliveAndReady() {
        assertEquals(200, api.get("/health/liveness").status());

        Api.Reply readiness = api.get("/health/readiness");
        assertEquals(200, readiness.status(), readiness::toString);
        assertEquals("UP", readiness.json().get("status"), readiness::toString);
        Map<?, ?> details = (Map<?, ?>) readiness.json().get("details");
        assertEquals("UP", ((Map<?, ?>) details.get("jdbc")).get("status"), readiness::toString);
        assertFalse(details.containsKey("users-service"), readiness::toString);
    }

    /** An order written straight to the database: POST /orders cannot make one while users-service is down. */
    private long storedOrder() throws SQLException {
        try (Connection connection = rows.connection();
             Statement statement = connection.createStatement();
             ResultSet inserted = statement.executeQuery(
                     "INSERT INTO orders (user_id, total, status) VALUES (" + ACTIVE_USER + ", 1.00, 'CREATED') RETURNING id")) {
            inserted.next();
            long id = inserted.getLong(1);
            statement.executeUpdate("INSERT INTO order_items (order_id, line_no, sku, quantity, unit_price) VALUES ("
                    + id + ", 0, 'A', 1, 1.00)");
            return id;
        }
    }
}
