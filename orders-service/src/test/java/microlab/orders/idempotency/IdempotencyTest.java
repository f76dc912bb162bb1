package microlab.orders.idempotency;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import microlab.orders.Api;
import microlab.orders.OrdersTestBase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static microlab.orders.FakeUsersService.ACTIVE_USER;
import static microlab.orders.FakeUsersService.INACTIVE_USER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest
class IdempotencyTest extends OrdersTestBase {

    @Test
    void sameKeyAndSameBodyReturnTheSameOrderWithOk() {
        String key = newKey();
        String body = order(ACTIVE_USER, item("A", 2, "5.00"));

        Api.Reply first = api.post("/orders", body, "Idempotency-Key", key);
        Api.Reply again = api.post("/orders", body, "Idempotency-Key", key);

        assertEquals(201, first.status(), first::toString);
        assertEquals(200, again.status(), again::toString);
        assertEquals(first.json(), again.json());
        assertEquals(first.header("Location"), again.header("Location"));
        assertEquals(1, rows.orders());
    }

    @Test
    void sameRequestSpelledDifferentlyCountsAsTheSame() {
        String key = newKey();
        Api.Reply first = api.post("/orders", "{\"userId\":1,\"items\":[{\"sku\":\"A\",\"quantity\":2,\"unitPrice\":5.00}]}",
                "Idempotency-Key", key);
        Api.Reply again = api.post("/orders", "{\"items\":[{\"unitPrice\":5,\"quantity\":2,\"sku\":\"A\"}],\"userId\":1}",
                "Idempotency-Key", key);

        assertEquals(201, first.status(), first::toString);
        assertEquals(200, again.status(), again::toString);
        assertEquals(first.id(), again.id());
        assertEquals(1, rows.orders());
    }

    @Test
    void sameKeyWithAnotherBodyIsRefused() {
        String key = newKey();
        assertEquals(201, api.post("/orders", order(ACTIVE_USER, item("A", 1, "5.00")), "Idempotency-Key", key).status());

        Api.Reply other = api.post("/orders", order(ACTIVE_USER, item("A", 2, "5.00")), "Idempotency-Key", key);

        assertProblem(422, other);
        assertEquals(1, rows.orders());
    }

    @Test
    void differentKeysCreateDifferentOrders() {
        String body = order(ACTIVE_USER, item("A", 1, "5.00"));

        long first = api.post("/orders", body, "Idempotency-Key", newKey()).id();
        long second = api.post("/orders", body, "Idempotency-Key", newKey()).id();

        assertTrue(first != second);
        assertEquals(2, rows.orders());
    }

    @Test
    void keyIsStoredInPostgreSQLWithItsOrderAndOutlivesAnyCache() {
        String key = newKey();
        long id = api.post("/orders", order(ACTIVE_USER, item("A", 1, "5.00")), "Idempotency-Key", key).id();

        assertEquals(id, rows.orderOfKey(key));
        Api.Reply again = api.post("/orders", order(ACTIVE_USER, item("A", 1, "5.00")), "Idempotency-Key", key);
        assertEquals(200, again.status(), again::toString);
        assertEquals(id, again.id());
    }

    @Test
    void aDuplicateOfARequestStillInItsTransactionWaitsForItAndAnswersWithItsOrder() throws Exception {
        assertEquals(200, raceWithAnOpenTransaction(true));
    }

    @Test
    void aDuplicateOfARequestWhoseTransactionFailsCreatesTheOrderItself() throws Exception {
        assertEquals(201, raceWithAnOpenTransaction(false));
    }

    /**
     * Plays the first of two requests with one key as a transaction of the test's own that has written an
     * order and the key but not committed yet; the service's request with the same key must wait for it,
     * then answer with that order (commit) or create its own (rollback). Returns the service's status.
     */
    private int raceWithAnOpenTransaction(boolean commit) throws Exception {
        String body = order(ACTIVE_USER, item("A", 1, "5.00"));
        String sample = newKey();
        assertEquals(201, api.post("/orders", body, "Idempotency-Key", sample).status());
        String key = newKey();
        try (Connection first = rows.connection()) {
            first.setAutoCommit(false);
            long firstOrder;
            try (Statement sql = first.createStatement()) {
                ResultSet inserted = sql.executeQuery("INSERT INTO orders (user_id, total, status) VALUES ("
                        + ACTIVE_USER + ", 5.00, 'CREATED') RETURNING id");
                inserted.next();
                firstOrder = inserted.getLong(1);
                sql.executeUpdate("INSERT INTO idempotency_keys (key, request_hash, order_id) SELECT '" + key
                        + "', request_hash, " + firstOrder + " FROM idempotency_keys WHERE key = '" + sample + "'");
            }
            CompletableFuture<Api.Reply> duplicate = CompletableFuture.supplyAsync(() -> api.post("/orders", body, "Idempotency-Key", key));
            Thread.sleep(500);
            assertFalse(duplicate.isDone(), "the duplicate should wait for the first transaction");
            if (commit) {
                first.commit();
            } else {
                first.rollback();
            }
            Api.Reply reply = duplicate.get(10, TimeUnit.SECONDS);
            if (commit) {
                assertEquals(firstOrder, reply.id(), reply::toString);
            } else {
                assertTrue(reply.id() != firstOrder, reply::toString);
                assertEquals(reply.id(), rows.orderOfKey(key));
            }
            assertEquals(2, rows.orders());
            return reply.status();
        }
    }

    @Test
    void refusedRequestFreesItsKey() {
        String key = newKey();
        assertProblem(422, api.post("/orders", order(INACTIVE_USER, item("A", 1, "5.00")), "Idempotency-Key", key));

        Api.Reply retry = api.post("/orders", order(ACTIVE_USER, item("A", 1, "5.00")), "Idempotency-Key", key);

        assertEquals(201, retry.status(), retry::toString);
        assertEquals(1, rows.orders());
    }

    @Test
    void malformedKeyIsBadRequest() {
        String body = order(ACTIVE_USER, item("A", 1, "5.00"));

        assertProblem(400, api.post("/orders", body, "Idempotency-Key", "x".repeat(256)));
        assertEquals(0, rows.orders());
    }

    @Test
    void twentyConcurrentPostsWithOneKeyCreateExactlyOneOrder() throws Exception {
        String key = newKey();
        String body = order(ACTIVE_USER, item("A", 3, "7.10"), item("B", 1, "0.99"));
        int clients = 20;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Callable<Api.Reply>> posts = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                posts.add(() -> {
                    start.await();
                    return api.post("/orders", body, "Idempotency-Key", key);
                });
            }
            List<Future<Api.Reply>> futures = new ArrayList<>();
            for (Callable<Api.Reply> post : posts) {
                futures.add(pool.submit(post));
            }
            start.countDown();
            List<Api.Reply> replies = new ArrayList<>();
            for (Future<Api.Reply> future : futures) {
                replies.add(future.get());
            }

            String statuses = replies.stream().map(r -> Integer.toString(r.status())).collect(Collectors.joining(","));
            assertEquals(1, replies.stream().filter(r -> r.status() == 201).count(), statuses);
            assertEquals(clients - 1, replies.stream().filter(r -> r.status() == 200).count(), statuses);
            Set<Long> ids = replies.stream().map(Api.Reply::id).collect(Collectors.toSet());
            assertEquals(1, ids.size(), ids::toString);
            assertEquals(1, rows.orders());
            assertEquals(2, rows.items());
        } finally {
            pool.shutdownNow();
        }
    }

    private static String newKey() {
        return UUID.randomUUID().toString();
    }
}
