package microlab.gateway.connection;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import microlab.gateway.testing.GatewayFixture;
import microlab.gateway.testing.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
        try (Socket socket = open()) {
            write(socket, "GET /users/hop HTTP/1.1\r\nHost: gateway\r\n");
            long start = System.nanoTime();
            String answer = readAll(socket);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
            assertTrue(answer.contains("application/problem+json"), answer);
            assertTrue(answer.contains("\"status\":408"), answer);
            assertTrue(millis < HEADER_MILLIS + 3000, "took " + millis + " ms");
        }
    }

    @Test
    void aHeadSentAByteAtATimeIsCutOffAtTheHeaderTimeout() throws Exception {
        try (Socket socket = open()) {
            write(socket, "GET /users/hop HTTP/1.1\r\nHost: gateway\r\n");
            long start = System.nanoTime();
            // a slowloris: a header byte every 200 ms keeps any idle timeout from firing
            for (int i = 0; i < 30 && (System.nanoTime() - start) / 1_000_000 < HEADER_MILLIS + 1500; i++) {
                try {
                    write(socket, "X");
                } catch (IOException closed) {
                    break;
                }
                Thread.sleep(200);
            }
            String answer = readAll(socket);
            assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
        }
    }

    @Test
    void aBodyThatStallsGets408NotTheRoutes504() throws IOException {
        try (Socket socket = open()) {
            write(socket, "POST /users/hop HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"half\":");
            long start = System.nanoTime();
            String answer = readAll(socket);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
            assertTrue(answer.contains("\"status\":408"), answer);
            assertTrue(millis < 5000, "the users route's own timeout is 5 s; took " + millis + " ms");
        }
    }

    @Test
    void aSilentIdleConnectionClosesWithoutAnAnswer() throws IOException {
        try (Socket socket = open()) {
            assertEquals("", readAll(socket));
        }
    }

    @Test
    void aKeepAliveConnectionServesTheNextRequestAfterAPause() throws Exception {
        try (Socket socket = open()) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            for (int i = 0; i < 2; i++) {
                write(socket, "GET /users/hop HTTP/1.1\r\nHost: gateway\r\n\r\n");
                String status = line(in);
                assertTrue(status.startsWith("HTTP/1.1 200 "), status);
                int length = -1;
                for (String header = line(in); !header.isEmpty(); header = line(in)) {
                    if (header.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(header.substring(15).trim());
                    }
                }
                if (length >= 0) {
                    in.readNBytes(length);
                } else {
                    // chunked: size lines and data up to the empty last chunk
                    for (int size = Integer.parseInt(line(in), 16); size > 0; size = Integer.parseInt(line(in), 16)) {
                        in.readNBytes(size);
                        line(in);
                    }
                    line(in);
                }
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

    private Socket open() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), gateway.getPort());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void write(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static String readAll(Socket socket) throws IOException {
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed after: " + line);
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
