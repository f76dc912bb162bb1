package microlab.gateway.proxy;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import microlab.gateway.testing.Backend;
import microlab.gateway.testing.GatewayFixture;
import microlab.gateway.testing.RawHttp;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The direct path keeps a backend connection no longer than gateway.backend-connection-max-age: users
 * answers /users/port with the client port it sees, which names the gateway's backend connection. The
 * server runs one event loop, so every client connection shares one pool of backend connections, and
 * each request comes on a client connection of its own: whether a client connection is reused has no say.
 */
@MicronautTest
class BackendConnectionMaxAgeTest extends GatewayFixture {

    private static final long MAX_AGE_MILLIS = 1000;

    BackendConnectionMaxAgeTest() {
        users.on("/users/port", exchange -> Backend.json(200,
                "{\"port\":" + exchange.getRemoteAddress().getPort() + "}").handle(exchange));
    }

    @Override
    public Map<String, String> getProperties() {
        return propertiesWith(Map.of(
                "gateway.backend-connection-max-age", MAX_AGE_MILLIS + "ms",
                "micronaut.netty.event-loops.default.num-threads", "1"));
    }

    @Test
    void aBackendConnectionIsReusedWithinTheMaxAgeAndReplacedAfterIt() throws InterruptedException {
        // warmed up on another backend (a pool of its own), so that the first two requests take milliseconds:
        // a cold gateway can take as long as the max age to release the connection, which would close it then
        for (int i = 0; i < 20; i++) {
            assertEquals(200, raw("GET", "/summary/warm-up").status());
        }
        int first = backendPort();
        int quick = backendPort();
        Thread.sleep(MAX_AGE_MILLIS + 500);
        int later = backendPort();

        assertNotEquals(quick, later, "a request after a pause longer than the max age reaches the backend on a new connection");
        assertEquals(first, quick, "a request right after another reuses its backend connection");
    }

    /** The client port users-service saw for a GET /users/port through the direct path. */
    private int backendPort() {
        RawHttp.Response response = raw("GET", "/users/port");
        assertEquals(200, response.status(), response.text());
        return ((Number) json(response.text()).get("port")).intValue();
    }
}
