package microlab.orders.users;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import microlab.orders.Api;
import microlab.orders.OrdersTestBase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static microlab.orders.FakeUsersService.ACTIVE_USER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** users-service accepts connections and drops them at once: each connection attempt is counted. */
@MicronautTest
class UsersServiceCircuitTest extends OrdersTestBase {

    private final ServerSocket dropping = listen();
    private final AtomicInteger connections = new AtomicInteger();

    @Override
    protected Map<String, String> extraProperties() {
        Thread acceptor = new Thread(() -> {
            while (!dropping.isClosed()) {
                try (Socket socket = dropping.accept()) {
                    connections.incrementAndGet();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "dropping-users-service");
        acceptor.setDaemon(true);
        acceptor.start();
        return Map.of("micronaut.http.services.users.url", "http://127.0.0.1:" + dropping.getLocalPort());
    }

    @AfterAll
    void close() throws IOException {
        dropping.close();
    }

    @Test
    void afterAFailedLookupAndItsRetryTheCircuitOpensThenHalfOpens() throws InterruptedException {
        String body = order(ACTIVE_USER, item("A", 1, "1.00"));

        assertProblem(503, api.post("/orders", body));
        // the client's last connections may still be on their way in when the 503 comes back (on a
        // loaded machine, hundreds of milliseconds later): counts are taken once they stand still
        int first = settled(connections);
        assertTrue(first >= 2, "one attempt and one retry, got " + first);

        // The circuit is open once a failed lookup made no connection. In some runs (one in three here)
        // the next call still made two connections, an attempt and a retry, and only then did the circuit
        // stay open; a third call that still connects is a breaker that does not open.
        int before = first;
        Api.Reply reply = api.post("/orders", body);
        for (int round = 1; settled(connections) != before && round < 3; round++) {
            before = settled(connections);
            reply = api.post("/orders", body);
        }
        assertProblem(503, reply);
        assertEquals("2", reply.header("Retry-After"));
        assertEquals(before, settled(connections), "the circuit opened: a lookup failed without a connection attempt");

        for (int i = 0; i < 10; i++) {
            assertProblem(503, api.post("/orders", body));
        }
        assertEquals(before, connections.get(), "an open circuit makes no connection attempt");
        assertEquals(0, rows.orders());

        Thread.sleep(3_200);
        assertProblem(503, api.post("/orders", body));
        assertTrue(connections.get() > before, "after the reset a lookup tries users-service again");
    }

    private static int settled(AtomicInteger counter) throws InterruptedException {
        long deadline = System.nanoTime() + 1_000_000_000L;
        int seen = counter.get();
        long stillSince = System.nanoTime();
        while (System.nanoTime() < deadline && System.nanoTime() - stillSince < 300_000_000L) {
            Thread.sleep(50);
            int now = counter.get();
            if (now != seen) {
                seen = now;
                stillSince = System.nanoTime();
            }
        }
        return seen;
    }

    private static ServerSocket listen() {
        try {
            return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
