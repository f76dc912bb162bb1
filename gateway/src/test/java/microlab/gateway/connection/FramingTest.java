package microlab.gateway.connection;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import microlab.gateway.testing.GatewayFixture;
import microlab.gateway.testing.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests whose length their framing fields leave ambiguous, on a raw socket, each with a second request hidden
 * where a hop that read the framing otherwise would find it: the gateway refuses them itself (400 or 501,
 * problem+json, the connection closed) and neither request reaches the backend. Runs on the direct path; the
 * filter path runs it again ({@link FramingFilterPathTest}).
 */
@MicronautTest
class FramingTest extends GatewayFixture {

    /** The request a hop would find behind the first if it took a body of another length. */
    private static final String HIDDEN = "GET /users/hidden HTTP/1.1\r\nHost: gateway\r\n\r\n";

    static Stream<Arguments> ambiguous() {
        String chunkedBody = "0\r\n\r\n" + HIDDEN;
        return Stream.of(
                Arguments.of("CL.TE", 400, "HTTP/1.1", "Content-Length: " + chunkedBody.length() + "\r\nTransfer-Encoding: chunked\r\n", chunkedBody),
                Arguments.of("TE.CL", 400, "HTTP/1.1", "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n", chunkedBody),
                Arguments.of("xchunked with a length", 400, "HTTP/1.1", "Transfer-Encoding: xchunked\r\nContent-Length: 5\r\n", chunkedBody),
                Arguments.of("xchunked", 400, "HTTP/1.1", "Transfer-Encoding: xchunked\r\n", chunkedBody),
                Arguments.of("chunked, identity", 400, "HTTP/1.1", "Transfer-Encoding: chunked, identity\r\n", chunkedBody),
                Arguments.of("quoted chunked", 400, "HTTP/1.1", "Transfer-Encoding: \"chunked\"\r\n", chunkedBody),
                Arguments.of("chunked twice", 400, "HTTP/1.1", "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", chunkedBody),
                Arguments.of("gzip, chunked", 501, "HTTP/1.1", "Transfer-Encoding: gzip, chunked\r\n", chunkedBody),
                Arguments.of("chunked on HTTP/1.0", 400, "HTTP/1.0", "Transfer-Encoding: chunked\r\n", chunkedBody),
                Arguments.of("two lengths on HTTP/1.0", 400, "HTTP/1.0", "Content-Length: 0\r\nContent-Length: " + HIDDEN.length() + "\r\n", HIDDEN),
                Arguments.of("two lengths", 400, "HTTP/1.1", "Content-Length: 0\r\nContent-Length: " + HIDDEN.length() + "\r\n", HIDDEN),
                Arguments.of("a length listed twice", 400, "HTTP/1.1", "Content-Length: 0, 0\r\n", HIDDEN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ambiguous")
    void isRefusedAtTheEdgeAndNothingReachesTheBackend(String name, int status, String version, String framing, String body) {
        // read until the gateway closes the connection (a socket timeout fails the test)
        String answer = RawHttp.exchangeUntilClosed(gateway.getPort(), "POST /users/framing HTTP/" + version.substring(5)
                + "\r\nHost: gateway\r\nContent-Type: text/plain\r\n" + framing + "\r\n" + body);

        assertTrue(answer.startsWith("HTTP/1.1 " + status + " "), name + ": " + answer);
        assertTrue(answer.contains("application/problem+json") && answer.contains("\"status\":" + status), answer);
        assertEquals(0, users.hits("/users/framing"), name + ": the request reached the backend");
        assertEquals(0, users.hits("/users/hidden"), name + ": the hidden request reached the backend");
    }

    @Test
    void plainChunkedBodiesStillPassAnyCaseAndWhitespaceAllowed() {
        RawHttp.Response answer = RawHttp.exchange(gateway.getPort(), ("POST /users/chunked HTTP/1.1\r\nHost: gateway\r\n"
                + "Content-Type: text/plain\r\nTransfer-Encoding:\tChunked \r\n\r\n5\r\nhello\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));

        assertEquals(200, answer.status(), answer.text());
        assertTrue(answer.text().contains("\"length\":5"), answer.text());
        assertEquals(1, users.hits("/users/chunked"));
    }
}
