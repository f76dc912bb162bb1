package microlab.orders.idempotency;

import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import microlab.orders.Api;
import microlab.orders.OrdersTestBase;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static microlab.orders.FakeUsersService.SLOW_USER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A duplicate that arrives while the first request waits on a slow users-service. */
@MicronautTest
class InFlightDuplicateTest extends OrdersTestBase {

    @Inject
    StatefulRedisConnection<String, String> redis;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("orders.idempotency.in-flight-wait", "200ms");
    }

    @Test
    void duplicateOfARequestStillRunningIsConflictAndTheFailedFirstFreesTheKey() throws Exception {
        String key = UUID.randomUUID().toString();
        String redisKey = "orders:idem:" + key;
        String body = order(SLOW_USER, item("A", 1, "1.00"));
        CompletableFuture<Api.Reply> first = CompletableFuture.supplyAsync(() -> api.post("/orders", body, "Idempotency-Key", key));
        awaitMarker(redisKey);

        assertTrue(redis.sync().get(redisKey).endsWith(":pending"));
        assertTrue(redis.sync().ttl(redisKey) <= 30, "a pending marker must not outlive a crashed request by long");
        assertProblem(409, api.post("/orders", body, "Idempotency-Key", key));

        assertProblem(503, first.get());
        assertNull(redis.sync().get(redisKey));
        assertEquals(0, rows.orders());
    }

    private void awaitMarker(String redisKey) throws InterruptedException {
        for (int i = 0; i < 200 && redis.sync().get(redisKey) == null; i++) {
            Thread.sleep(10);
        }
    }
}
