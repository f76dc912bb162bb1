package microlab.gateway.connection;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import microlab.gateway.testing.GatewayFixture;
import microlab.gateway.testing.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rest of the request-framing suite, on a raw socket, asserting what reached the backend as well as the
 * status: malformed chunk sizes, obsolete line folding, CR, LF and NUL where they do not belong, {@code Expect:
 * 100-continue}, the bodiless answers (HEAD, 204, 304) on a kept connection, and a client that leaves in the
 * middle of its body. Runs on the direct path; {@link MalformedRequestFilterPathTest} runs it on the filter path.
 * (Ambiguous framing: {@link FramingTest}; slow heads and bodies: {@link ConnectionGuardTest}; pipelining:
 * {@code PipeliningTest}.)
 */
@MicronautTest
class MalformedRequestTest extends GatewayFixture {

    static Stream<Arguments> badChunks() {
        return Stream.of(
                Arguments.of("a size that is not hex", "zz\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("a negative size", "-5\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("a size past 2^63", "1ffffffffffffffff\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("a chunk longer than its size", "2\r\nhello\r\n0\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badChunks")
    void aBadChunkIsA400AndTheBackendNeverGetsAWholeBody(String name, String chunks) throws IOException {
        AtomicInteger whole = wholeBodies("/users/chunks");

        String answer = RawHttp.exchangeUntilClosed(port(), "POST /users/chunks HTTP/1.1\r\nHost: gateway\r\n"
                + "Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks);

        assertTrue(answer.startsWith("HTTP/1.1 400 "), name + ": " + answer);
        assertEquals(0, whole.get(), name + ": the backend read a whole body");
    }

    @Test
    void aFoldedHeaderLineIsRefusedOrUnfoldedNeverPassedOnAsTwoLines() {
        RawHttp.Response answer = RawHttp.send(port(), "GET /users/fold HTTP/1.1", "Host: gateway", "X-Folded: one",
                " two", "Connection: close");

        if (answer.status() == 200) {
            String received = String.valueOf(headers(answer).get("x-folded"));
            assertEquals("one two", received, "obs-fold must become one space (RFC 9112 5.2)");
        } else {
            assertEquals(400, answer.status(), answer.text());
            assertEquals(0, users.hits("/users/fold"));
        }
    }

    static Stream<Arguments> controlCharacters() {
        return Stream.of(
                Arguments.of("NUL in a header value", "GET /users/ctl HTTP/1.1\r\nHost: gateway\r\nX-Bad: a\0b\r\n\r\n"),
                Arguments.of("a bare CR in a header value", "GET /users/ctl HTTP/1.1\r\nHost: gateway\r\nX-Bad: a\rb\r\n\r\n"),
                Arguments.of("NUL in the target", "GET /users/ctl\0x HTTP/1.1\r\nHost: gateway\r\n\r\n"),
                Arguments.of("a space in the header name", "GET /users/ctl HTTP/1.1\r\nHost: gateway\r\nX Bad: a\r\n\r\n"),
                Arguments.of("a header line without a colon", "GET /users/ctl HTTP/1.1\r\nHost: gateway\r\nX-Bad\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("controlCharacters")
    void controlCharactersWhereTheyDoNotBelongAreA400(String name, String request) {
        String answer = RawHttp.exchangeUntilClosed(port(), request);

        assertTrue(answer.startsWith("HTTP/1.1 400 "), name + ": " + answer);
        assertEquals(0, users.hits("/users/ctl"), name + ": the request reached the backend");
    }

    @Test
    void expectContinueGetsA100AndTheBodyReachesTheBackendWhole() throws IOException {
        try (RawHttp.Connection connection = RawHttp.open(port())) {
            connection.write("POST /users/expect HTTP/1.1\r\nHost: gateway\r\nContent-Type: text/plain\r\n"
                    + "Content-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            RawHttp.Response interim = connection.read();
            assertEquals(100, interim.status());

            RawHttp.Response answer = connection.write("hello").read();

            assertEquals(200, answer.status(), answer.text());
            assertEquals(5, ((Number) json(answer.text()).get("length")).intValue(), answer.text());
        }
    }

    @Test
    void anExpectationOtherThanContinueIsA417AndNothingReachesTheBackend() {
        String answer = RawHttp.exchangeUntilClosed(port(), "POST /users/expect-other HTTP/1.1\r\nHost: gateway\r\n"
                + "Content-Type: text/plain\r\nContent-Length: 5\r\nExpect: something-else\r\n\r\nhello");

        assertTrue(answer.startsWith("HTTP/1.1 417 "), answer);
        assertEquals(0, users.hits("/users/expect-other"));
    }

    @Test
    void expectContinueOverTheSizeLimitIsA413BeforeTheBodyIsSent() {
        String answer = RawHttp.exchangeUntilClosed(port(), "POST /users/expect-large HTTP/1.1\r\nHost: gateway\r\n"
                + "Content-Type: text/plain\r\nContent-Length: 30000000\r\nExpect: 100-continue\r\n\r\n");

        assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
        assertTrue(answer.contains("application/problem+json"), answer);
        assertEquals(0, users.hits("/users/expect-large"));
    }

    /**
     * HEAD, 204 and 304 answers carry no body whatever their headers say, so the next answer on the connection is
     * read from the first byte after their heads (a stray body would be read as the next status line and fail the
     * parse). The filter path closes the connection after a HEAD answer with no length from its backend (Micronaut
     * cannot frame it otherwise), saying so in {@code Connection: close}: the next request then opens a new one.
     */
    @Test
    void bodilessAnswersLeaveTheConnectionReadyForTheNextRequest() throws IOException {
        users.on("/users/unchanged", exchange -> exchange.sendResponseHeaders(304, -1));
        Sequence sequence = new Sequence();
        try (sequence) {
            RawHttp.Response head = sequence.send("HEAD /users/7 HTTP/1.1\r\nHost: gateway\r\n\r\n", true);
            RawHttp.Response empty = sequence.send("GET /users/empty HTTP/1.1\r\nHost: gateway\r\n\r\n", false);
            RawHttp.Response notModified = sequence.send("GET /users/unchanged HTTP/1.1\r\nHost: gateway\r\n"
                    + "If-None-Match: \"v1\"\r\n\r\n", false);
            RawHttp.Response after = sequence.send("GET /users/after HTTP/1.1\r\nHost: gateway\r\n\r\n", false);

            assertEquals(200, head.status());
            assertEquals(204, empty.status());
            assertEquals(304, notModified.status());
            assertEquals(200, after.status(), "the answer after them is read as sent: " + after.text());
            assertEquals("/users/after", json(after.text()).get("path"));
        }
    }

    /** Requests one after the other on kept connections, opening a new one only after an answer that said it closes. */
    private final class Sequence implements AutoCloseable {

        private RawHttp.Connection connection;

        RawHttp.Response send(String request, boolean head) throws IOException {
            if (connection == null) {
                connection = RawHttp.open(port());
            }
            RawHttp.Response answer = connection.write(request).read(head);
            if ("close".equalsIgnoreCase(answer.header("Connection"))) {
                assertEquals("", connection.readAll(), "nothing after an answer that closes the connection");
                connection.close();
                connection = null;
            }
            return answer;
        }

        @Override
        public void close() throws IOException {
            if (connection != null) {
                connection.close();
            }
        }
    }

    @Test
    void aClientThatLeavesMidBodyLeavesTheBackendWithoutAWholeBody() throws Exception {
        AtomicInteger whole = wholeBodies("/users/partial");
        try (RawHttp.Connection connection = RawHttp.open(port())) {
            connection.write("POST /users/partial HTTP/1.1\r\nHost: gateway\r\nContent-Type: text/plain\r\n"
                    + "Content-Length: 100\r\n\r\n0123456789");
        }
        Thread.sleep(500);

        assertEquals(0, whole.get(), "the backend read a whole body the client never sent");
        assertEquals(200, get("/users/after-partial").statusCode(), "the gateway goes on serving");
    }

    /** Makes the users backend count the bodies it reads whole at this path (each as long as its Content-Length). */
    private AtomicInteger wholeBodies(String path) {
        AtomicInteger whole = new AtomicInteger();
        users.on(path, exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String length = exchange.getRequestHeaders().getFirst("Content-Length");
            if (length == null ? body.length == 5 : body.length == Integer.parseInt(length)) {
                whole.incrementAndGet();
            }
            exchange.sendResponseHeaders(200, -1);
        });
        return whole;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> headers(RawHttp.Response answer) {
        return (Map<String, Object>) json(answer.text()).get("headers");
    }

    private int port() {
        return uri("/").getPort();
    }
}
