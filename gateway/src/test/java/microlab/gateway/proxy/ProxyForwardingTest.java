package microlab.gateway.proxy;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import microlab.gateway.testing.Backend;
import microlab.gateway.testing.GatewayFixture;
import microlab.gateway.testing.RawHttp;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

@MicronautTest
class ProxyForwardingTest extends GatewayFixture {

    @Test
    void getWithQueryStringReachesTheBackendUnchanged() {
        HttpResponse<String> response = get("/users/7?active=true&name=a%20b&x=%2F");

        assertEquals(200, response.statusCode());
        Map<String, Object> echo = json(response.body());
        assertEquals("GET", echo.get("method"));
        assertEquals("/users/7", echo.get("path"));
        assertEquals("active=true&name=a%20b&x=%2F", echo.get("query"));
    }

    @Test
    void prefixAloneIsRoutedToo() {
        Map<String, Object> echo = json(get("/visits").body());

        assertEquals("/visits", echo.get("path"));
    }

    @Test
    void postBodyAndContentTypeReachTheBackend() {
        String body = "{\"name\":\"Ada\",\"email\":\"ada@example.org\"}";
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/users"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());

        assertEquals(200, response.statusCode());
        Map<String, Object> echo = json(response.body());
        assertEquals("POST", echo.get("method"));
        assertEquals(body.length(), ((Number) echo.get("length")).intValue());
        assertEquals(sha256(body.getBytes()), echo.get("sha256"));
        assertEquals("application/json", echoedHeaders(echo).get("content-type"));
    }

    @Test
    void headAnswersWithHeadersAndNoBody() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/users/1"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());

        assertEquals(200, response.statusCode());
        assertEquals("HEAD", response.headers().firstValue("X-Echo-Method").orElseThrow());
        assertEquals("", response.body());
    }

    @Test
    void noContentComesBackWithAnEmptyBody() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/users/empty")).DELETE().build());

        assertEquals(204, response.statusCode());
        assertEquals("", response.body());
    }

    @Test
    void tenMegabyteBodyWithContentLengthStreamsThrough() {
        byte[] body = randomBytes(10 * 1024 * 1024);
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/users/upload"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());

        assertEquals(200, response.statusCode());
        Map<String, Object> echo = json(response.body());
        assertEquals(body.length, ((Number) echo.get("length")).intValue());
        assertEquals(sha256(body), echo.get("sha256"));
        assertEquals(String.valueOf(body.length), echoedHeaders(echo).get("content-length"));
    }

    @Test
    void tenMegabyteChunkedBodyStreamsThrough() {
        byte[] body = randomBytes(10 * 1024 * 1024);
        // A body of unknown length goes out chunked, so the gateway cannot know its size in advance either.
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/users/upload"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());

        assertEquals(200, response.statusCode());
        Map<String, Object> echo = json(response.body());
        assertEquals(body.length, ((Number) echo.get("length")).intValue());
        assertEquals(sha256(body), echo.get("sha256"));
    }

    @Test
    void clientReadsTheStartOfAnAnswerWhileTheBackendStillHoldsBackTheRest() throws Exception {
        CountDownLatch startSeen = new CountDownLatch(1);
        users.on("/users/trickle-down", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write("start\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // a gateway that collects the whole answer first never shows the client the start
            boolean seen;
            try {
                seen = startSeen.await(3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                seen = false;
            }
            out.write((seen ? "rest after the client saw the start\n" : "rest sent, the client never saw the start\n")
                    .getBytes(StandardCharsets.US_ASCII));
        });

        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri("/users/trickle-down")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader body = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.US_ASCII))) {
            assertEquals(200, response.statusCode());
            assertEquals("start", body.readLine());
            startSeen.countDown();
            assertEquals("rest after the client saw the start", body.readLine());
            assertNull(body.readLine());
        }
    }

    @Test
    void encodedPathReachesTheBackendStillEncoded() {
        Map<String, Object> echo = json(get("/users/caf%C3%A9%20au%20lait/x+y").body());

        assertEquals("/users/caf%C3%A9%20au%20lait/x+y", echo.get("path"));
    }

    @Test
    void compressedResponseReachesTheClientAsTheBackendCompressedIt() throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri("/users/gzip"))
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());

        assertEquals(200, response.statusCode());
        assertEquals("gzip", response.headers().firstValue("Content-Encoding").orElseThrow());
        // The very bytes the backend sent: inflated and compressed again by the gateway they would differ.
        assertArrayEquals(gzip(GZIPPED_TEXT), response.body());
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
            assertEquals(GZIPPED_TEXT, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void compressedRequestBodyReachesTheBackendByteForByte() {
        byte[] body = gzip("{\"name\":\"Ada\"}");
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/users"))
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());

        Map<String, Object> echo = json(response.body());
        assertEquals(sha256(body), echo.get("sha256"));
        assertEquals("gzip", echoedHeaders(echo).get("content-encoding"));
    }

    @Test
    void redirectIsPassedToTheClientNotFollowed() {
        HttpResponse<String> response = get("/users/redirect");

        assertEquals(302, response.statusCode());
        assertEquals("/users/target?from=redirect", response.headers().firstValue("Location").orElseThrow());
        assertEquals(0, users.hits("/users/target"));
    }

    @Test
    void requestIdIsCreatedReturnedAndPassedOn() {
        HttpResponse<String> response = get("/users/1");

        String id = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertEquals(id, UUID.fromString(id).toString());
        assertEquals(id, echoedHeaders(json(response.body())).get("x-request-id"));
    }

    @Test
    void requestIdFromTheClientIsKept() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/users/1"))
                .header("X-Request-Id", "trace-42.a").build());

        assertEquals("trace-42.a", response.headers().firstValue("X-Request-Id").orElseThrow());
        assertEquals("trace-42.a", echoedHeaders(json(response.body())).get("x-request-id"));
    }

    @Test
    void implausibleRequestIdIsReplaced() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/users/1"))
                .header("X-Request-Id", "x\" forged=\"log line").build());

        String id = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertEquals(id, UUID.fromString(id).toString());
        assertEquals(id, echoedHeaders(json(response.body())).get("x-request-id"));
    }

    @Test
    void forwardedHeadersDescribeTheClientAndHostHeaderIsTheBackends() {
        HttpResponse<String> response = get("/users/1");

        Map<String, String> headers = echoedHeaders(json(response.body()));
        assertEquals("127.0.0.1", headers.get("x-forwarded-for"));
        assertEquals("http", headers.get("x-forwarded-proto"));
        assertEquals("127.0.0.1:" + gateway.getPort(), headers.get("x-forwarded-host"));
        assertEquals("127.0.0.1:" + users.port(), headers.get("host"));
    }

    @Test
    void forwardedForChainIsExtendedAndUpstreamProtoAndHostAreKept() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/users/1"))
                .header("X-Forwarded-For", "203.0.113.9")
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "microlab.example").build());

        Map<String, String> headers = echoedHeaders(json(response.body()));
        assertEquals("203.0.113.9, 127.0.0.1", headers.get("x-forwarded-for"));
        assertEquals("https", headers.get("x-forwarded-proto"));
        assertEquals("microlab.example", headers.get("x-forwarded-host"));
    }

    @Test
    void hopByHopHeadersAreStrippedInBothDirections() {
        RawHttp.Response response = RawHttp.send(gateway.getPort(),
                "GET /users/hop HTTP/1.1",
                "Host: public.example",
                "Connection: close, X-Client-Hop",
                "X-Client-Hop: internal",
                "Keep-Alive: timeout=5",
                "TE: trailers",
                "Trailer: X-Checksum",
                "Proxy-Authorization: Basic Zm9vOmJhcg==",
                "Upgrade: example/1",
                "X-Client-Kept: yes");

        assertEquals(200, response.status());
        Map<String, String> sent = echoedHeaders(json(response.text()));
        assertEquals("yes", sent.get("x-client-kept"));
        for (String hop : new String[] {"x-client-hop", "keep-alive", "te", "trailer", "proxy-authorization", "upgrade"}) {
            assertNull(sent.get(hop), hop + " reached the backend");
        }
        String connection = sent.getOrDefault("connection", "");
        assertFalse(connection.toLowerCase().contains("x-client-hop"), connection);

        assertEquals("yes", response.header("X-Backend-Kept"));
        assertNull(response.header("X-Backend-Hop"));
        assertNull(response.header("Keep-Alive"));
        assertNull(response.header("Proxy-Authenticate"));
        assertNotNull(response.header("X-Request-Id"));
    }

    @Test
    void backendSeesTheClientsMethodForEveryVerb() {
        for (String method : new String[] {"PUT", "PATCH", "DELETE", "OPTIONS"}) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/users/9"))
                    .method(method, HttpRequest.BodyPublishers.ofString("x")).build());

            assertEquals(200, response.statusCode(), method);
            assertEquals(method, json(response.body()).get("method"));
        }
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(Backend.sha256().digest(bytes));
    }
}
