package microlab.gateway.testing;

import io.micronaut.core.type.Argument;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * A gateway in front of real backends on free ports: users answers everything (mostly by echoing the request),
 * consumer is not ready and has a slow path, forecast never finishes its readiness check, orders is down.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class GatewayFixture implements TestPropertyProvider {

    /** The gateway's timeout for /visits, /orders and /summary in these tests; /summary/slow takes far longer. */
    protected static final long DEFAULT_TIMEOUT_MILLIS = 1000;
    protected static final long SLOW_BACKEND_MILLIS = 6000;
    protected static final String GZIPPED_TEXT = "compressed by the backend ".repeat(100);

    protected final Backend users = Backend.start()
            .on("/health/readiness", Backend.json(200,
                    "{\"name\":\"users-service\",\"status\":\"UP\",\"details\":{\"jdbc\":{\"status\":\"UP\"},\"redis\":{\"status\":\"UP\"}}}"))
            .on("/health", Backend.json(200, "{\"backend\":\"users-backend-management\"}"))
            .on("/prometheus", Backend.json(200, "{\"backend\":\"users-backend-management\"}"))
            .on("/users/redirect", exchange -> {
                exchange.getResponseHeaders().set("Location", "/users/target?from=redirect");
                exchange.sendResponseHeaders(302, -1);
            })
            .on("/users/target", Backend.json(200, "{\"redirected\":true}"))
            .on("/users/empty", exchange -> exchange.sendResponseHeaders(204, -1))
            .on("/users/gzip", exchange -> {
                byte[] gzipped = gzip(GZIPPED_TEXT);
                exchange.getResponseHeaders().set("Content-Type", "text/plain");
                exchange.getResponseHeaders().set("Content-Encoding", "gzip");
                exchange.sendResponseHeaders(200, gzipped.length);
                exchange.getResponseBody().write(gzipped);
            })
            .on("/users/hop", exchange -> {
                exchange.getResponseHeaders().set("Connection", "X-Backend-Hop");
                exchange.getResponseHeaders().set("X-Backend-Hop", "internal");
                exchange.getResponseHeaders().set("Keep-Alive", "timeout=5");
                exchange.getResponseHeaders().set("Proxy-Authenticate", "Basic realm=backend");
                exchange.getResponseHeaders().set("X-Backend-Kept", "yes");
                Backend.echo(exchange);
            });
    protected final Backend consumer = Backend.start()
            .on("/health/readiness", Backend.json(503,
                    "{\"name\":\"consumer-service\",\"status\":\"DOWN\",\"details\":{\"users\":{\"status\":\"DOWN\"}}}"))
            .on("/summary/slow", Backend.slow(SLOW_BACKEND_MILLIS));
    protected final Backend forecast = Backend.start()
            .on("/health/readiness", Backend.slow(SLOW_BACKEND_MILLIS));
    protected final int ordersPort = Backend.deadPort();

    protected final HttpClient http = HttpClient.newHttpClient();

    @Inject
    protected EmbeddedServer gateway;

    @Override
    public Map<String, String> getProperties() {
        return fixtureProperties();
    }

    /**
     * The fixture's properties with {@code more} added, or put in place of the fixture's own: what a test
     * class returns from its own {@code getProperties}.
     */
    protected Map<String, String> propertiesWith(Map<String, String> more) {
        Map<String, String> properties = new HashMap<>(fixtureProperties());
        properties.putAll(more);
        return properties;
    }

    private Map<String, String> fixtureProperties() {
        return Map.of(
                "micronaut.server.port", "-1",
                "micronaut.http.services.users.url", users.url(),
                "micronaut.http.services.orders.url", "http://127.0.0.1:" + ordersPort,
                "micronaut.http.services.consumer.url", consumer.url(),
                "micronaut.http.services.forecast.url", forecast.url(),
                "gateway.default-timeout", DEFAULT_TIMEOUT_MILLIS + "ms",
                "gateway.probe-timeout", "500ms",
                "micronaut.server.max-request-size", "20MB");
    }

    @AfterAll
    void stopBackends() {
        users.close();
        consumer.close();
        forecast.close();
    }

    protected URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + gateway.getPort() + pathAndQuery);
    }

    protected HttpResponse<String> send(HttpRequest request) {
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    protected <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected HttpResponse<String> get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).build());
    }

    protected RawHttp.Response raw(String method, String rawPath, String... headers) {
        String[] lines = new String[headers.length + 3];
        lines[0] = method + " " + rawPath + " HTTP/1.1";
        lines[1] = "Host: 127.0.0.1:" + gateway.getPort();
        lines[2] = "Connection: close";
        System.arraycopy(headers, 0, lines, 3, headers.length);
        return RawHttp.send(gateway.getPort(), lines);
    }

    protected static Map<String, Object> json(String body) {
        try {
            return ObjectMapper.getDefault().readValue(body, Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @SuppressWarnings("unchecked")
    protected static Map<String, String> echoedHeaders(Map<String, Object> echo) {
        return (Map<String, String>) echo.get("headers");
    }
}
