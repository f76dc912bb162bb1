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
        // the client's last connection may still be on its way in when the 503 comes back: count after
        // it settles (well inside the 3 s the circuit stays open)
        Thread.sleep(300);
        int first = connections.get();
        assertTrue(first >= 2, "one attempt and one retry, got " + first);
        assertEquals("2", api.post("/orders", body).header("Retry-After"));

        for (int i = 0; i < 10; i++) {
            Api.Reply reply = api.post("/orders", body);
            assertProblem(503, reply);
        }
        assertEquals(first, connections.get(), "an open circuit makes no connection attempt");
        assertEquals(0, rows.orders());

        Thread.sleep(3_200);
        assertProblem(503, api.post("/orders", body));
        assertTrue(connections.get() > first, "after the reset a lookup tries users-service again");
    }

    private static ServerSocket listen() {
        try {
            return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
