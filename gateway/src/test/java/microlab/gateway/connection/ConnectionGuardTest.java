package microlab.gateway.connection;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import microlab.gateway.testing.GatewayFixture;
import microlab.gateway.testing.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Slow clients and foreign protocol versions, on a raw socket: ordinary clients never behave like this. */
@MicronautTest
class ConnectionGuardTest extends GatewayFixture {

    private static final long HEADER_MILLIS = 1500;
    private static final long BODY_IDLE_MILLIS = 1000;

    @Override
    public Map<String, String> getProperties() {
        return propertiesWith(Map.of(
                "gateway.client-timeouts.header", HEADER_MILLIS + "ms",
                "gateway.client-timeouts.body-idle", BODY_IDLE_MILLIS + "ms"));
    }

    @Test
    void aHeadThatNeverEndsGets408AndTheConnectionCloses() throws IOException {
        try (RawHttp.Connection connection = RawHttp.open(gateway.getPort())) {
            connection.write("GET /users/hop HTTP/1.1\r\nHost: gateway\r\n");
            long start = System.nanoTime();
            String answer = connection.readAll();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
            assertTrue(answer.contains("application/problem+json"), answer);
            assertTrue(answer.contains("\"status\":408"), answer);
            assertTrue(millis < HEADER_MILLIS + 3000, "took " + millis + " ms");
        }
    }

    @Test
    void aHeadSentAByteAtATimeIsCutOffAtTheHeaderTimeout() throws Exception {
        try (RawHttp.Connection connection = RawHttp.open(gateway.getPort())) {
            connection.write("GET /users/hop HTTP/1.1\r\nHost: gateway\r\n");
            long start = System.nanoTime();
            // a slowloris: a header byte every 200 ms keeps any idle timeout from firing
            for (int i = 0; i < 30 && (System.nanoTime() - start) / 1_000_000 < HEADER_MILLIS + 1500; i++) {
                try {
                    connection.write("X");
                } catch (IOException closed) {
                    break;
                }
                Thread.sleep(200);
            }
            String answer = connection.readAll();
            assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
        }
    }

    @Test
    void aBodyThatStallsGets408NotTheRoutes504() throws IOException {
        try (RawHttp.Connection connection = RawHttp.open(gateway.getPort())) {
            connection.write("POST /users/hop HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"half\":");
            long start = System.nanoTime();
            String answer = connection.readAll();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
            assertTrue(answer.contains("\"status\":408"), answer);
            assertTrue(millis < 5000, "the users route's own timeout is 5 s; took " + millis + " ms");
        }
    }

    @Test
    void aSilentIdleConnectionClosesWithoutAnAnswer() throws IOException {
        try (RawHttp.Connection connection = RawHttp.open(gateway.getPort())) {
            assertEquals("", connection.readAll());
        }
    }

    @Test
    void aKeepAliveConnectionServesTheNextRequestAfterAPause() throws Exception {
        try (RawHttp.Connection connection = RawHttp.open(gateway.getPort())) {
            for (int i = 0; i < 2; i++) {
                RawHttp.Response response = connection.write("GET /users/hop HTTP/1.1\r\nHost: gateway\r\n\r\n").read();
                assertEquals("HTTP/1.1 200", response.version() + " " + response.status(), response.text());
                Thread.sleep(HEADER_MILLIS / 2);
            }
        }
    }

    @Test
    void oversizedHeadersGet431() {
        RawHttp.Response response = raw("GET", "/users/hop", "X-Big: " + "a".repeat(10_000));
        assertEquals(431, response.status(), response.text());
        assertEquals("application/problem+json", response.header("Content-Type"));
        assertEquals(431, ((Number) json(response.text()).get("status")).intValue());
    }

    @Test
    void anOversizedRequestLineGets414() {
        RawHttp.Response response = raw("GET", "/users/" + "a".repeat(10_000));
        assertEquals(414, response.status(), response.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/9.9", "HTTP/2.0", "HTTP/1.2", "HTTP/0.9"})
    void anotherHttpVersionGets505(String version) {
        RawHttp.Response response = RawHttp.send(gateway.getPort(), "GET /users/hop " + version, "Host: gateway",
                "Connection: close");
        assertEquals(505, response.status(), response.text());
        assertEquals("application/problem+json", response.header("Content-Type"));
    }

    @Test
    void http10IsStillServed() {
        RawHttp.Response response = RawHttp.send(gateway.getPort(), "GET /users/hop HTTP/1.0", "Host: gateway");
        assertEquals(200, response.status(), response.text());
    }
}
