package microlab.gateway.proxy;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import microlab.gateway.testing.GatewayFixture;
import microlab.gateway.testing.RawHttp;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest
class ProxyFailureTest extends GatewayFixture {

    @Test
    void slowBackendGivesGatewayTimeoutWithoutWaitingForIt() {
        long start = System.nanoTime();
        HttpResponse<String> response = get("/summary/slow");
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(504, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        Map<String, Object> problem = json(response.body());
        assertEquals(504, ((Number) problem.get("status")).intValue());
        assertEquals("The consumer service did not answer within " + DEFAULT_TIMEOUT_MILLIS + " ms.", problem.get("detail"));
        // Not a speed target: an answer before the backend's own reply proves the gateway stopped waiting.
        assertTrue(millis < SLOW_BACKEND_MILLIS, "took " + millis + " ms");
    }

    @Test
    void deadBackendGivesBadGateway() {
        HttpResponse<String> response = get("/orders/1");

        assertEquals(502, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(response.headers().firstValue("X-Request-Id").isPresent());
        Map<String, Object> problem = json(response.body());
        assertEquals(502, ((Number) problem.get("status")).intValue());
        assertEquals("The orders service could not be reached.", problem.get("detail"));
        assertEquals("/orders/1", problem.get("instance"));
    }

    @Test
    void bodyAboveTheLimitIsRefusedAsTooLarge() {
        RawHttp.Response response = raw("POST", "/users/upload",
                "Content-Type: application/octet-stream", "Content-Length: " + 30 * 1024 * 1024);

        assertEquals(413, response.status());
        assertEquals("application/problem+json", response.header("Content-Type"));
        assertEquals(0, users.hits("/users/upload"));
    }

    @Test
    void unknownPathIsNotFoundProblem() {
        HttpResponse<String> response = get("/nowhere/1");

        assertEquals(404, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(404, ((Number) json(response.body()).get("status")).intValue());
    }

    @Test
    void prefixMatchesWholePathSegmentsOnly() {
        HttpResponse<String> response = get("/usersX/1");

        assertEquals(404, response.statusCode());
        assertEquals(0, users.hits("/usersX/1"));
    }
}
