package microlab.gateway.access;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import microlab.gateway.testing.GatewayFixture;
import microlab.gateway.testing.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A backend's management endpoints stay out of reach however the path is spelled. */
@MicronautTest
class BlockedPathsTest extends GatewayFixture {

    @ParameterizedTest
    @ValueSource(strings = {
            "/users/../health",
            "/users/../prometheus",
            "/users/./../health/readiness",
            "/users/%2e%2e/health",
            "/users/%2E%2E/prometheus",
            "/users/.%2e/health",
            "/users%2f..%2fhealth",
            "/users/..%2Fhealth",
            "/users/%252e%252e/health",
            "/users/..%5chealth",
            "/users\\..\\health",
            "/users/..;/health",
            "/users/%00/x",
            "/users/%zz",
    })
    void pathThatCouldEscapeItsPrefixIsRefused(String rawPath) {
        RawHttp.Response response = raw("GET", rawPath);

        assertEquals(400, response.status(), rawPath);
        assertEquals("application/problem+json", response.header("Content-Type"));
        assertEquals(400, ((Number) json(response.text()).get("status")).intValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "GET /beans", "GET /routes", "GET /threaddump", "GET /metrics", "GET /loggers", "GET /info",
            "GET /env", "GET /caches", "POST /refresh", "POST /stop", "POST /loggers/ROOT",
    })
    void gatewaysOwnManagementEndpointsOtherThanHealthAndPrometheusAreNotServed(String request) {
        String[] parts = request.split(" ");
        RawHttp.Response response = raw(parts[0], parts[1]);

        assertEquals(404, response.status(), request);
        assertEquals("application/problem+json", response.header("Content-Type"), request);
    }

    @Test
    void gatewayHealthIsTheGatewaysOwn() {
        HttpResponse<String> response = get("/health");

        assertEquals(200, response.statusCode());
        assertEquals("gateway", json(response.body()).get("name"));
    }

    @Test
    void gatewayPrometheusIsTheGatewaysOwn() {
        HttpResponse<String> response = get("/prometheus");

        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("jvm_memory_used_bytes"));
        assertFalse(response.body().contains("users-backend-management"));
    }

    @Test
    void proxiedRequestsAreCountedPerRoute() {
        get("/users/1");

        String metrics = get("/prometheus").body();
        assertTrue(metrics.lines().anyMatch(line -> line.startsWith("gateway_proxy_requests_seconds_count")
                && line.contains("route=\"/users\"") && line.contains("status=\"200\"")), metrics);
    }

    @AfterAll
    void backendManagementWasNeverReached() {
        for (String path : new String[] {"/health", "/health/readiness", "/prometheus"}) {
            assertEquals(0, users.hits(path), path);
        }
    }
}
