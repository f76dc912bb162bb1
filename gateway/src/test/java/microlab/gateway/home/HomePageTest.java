package microlab.gateway.home;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import microlab.gateway.testing.GatewayFixture;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest
class HomePageTest extends GatewayFixture {

    @Test
    @SuppressWarnings("unchecked")
    void jsonListsTheRoutesAndEachBackendsLiveReadiness() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/"))
                .header("Accept", "application/json").build());

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        Map<String, Object> home = json(response.body());
        List<Map<String, Object>> routes = (List<Map<String, Object>>) home.get("routes");
        assertEquals(List.of("/users", "/visits", "/orders", "/summary", "/forecast"),
                routes.stream().map(route -> route.get("prefix")).toList());
        assertEquals(List.of("users", "users", "orders", "consumer", "forecast"),
                routes.stream().map(route -> route.get("service")).toList());
        assertEquals(List.of(5000, 1000, 1000, 1000, 30000),
                routes.stream().map(route -> ((Number) route.get("timeoutMillis")).intValue()).toList());

        Map<String, Map<String, Object>> backends = new java.util.LinkedHashMap<>();
        ((List<Map<String, Object>>) home.get("backends")).forEach(b -> backends.put((String) b.get("service"), b));
        assertEquals(List.of("users", "orders", "consumer", "forecast"), List.copyOf(backends.keySet()));
        assertEquals("UP", backends.get("users").get("status"));
        assertEquals(Map.of("jdbc", "UP", "redis", "UP"), backends.get("users").get("components"));
        assertEquals("UNREACHABLE", backends.get("orders").get("status"));
        assertEquals("DOWN", backends.get("consumer").get("status"));
        assertEquals(503, ((Number) backends.get("consumer").get("httpStatus")).intValue());
        assertEquals(Map.of("users", "DOWN"), backends.get("consumer").get("components"));
        assertEquals("TIMEOUT", backends.get("forecast").get("status"));
    }

    @Test
    void curlsDefaultAcceptGetsJson() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/")).header("Accept", "*/*").build());

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
    }

    @Test
    void htmlRefusedWithQZeroGetsJson() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/")).header("Accept", "text/html;q=0, */*").build());

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        assertEquals("gateway", json(response.body()).get("service"));
    }

    @Test
    void jsonWeightedAboveHtmlGetsJson() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/"))
                .header("Accept", "text/html;q=0.5, application/json").build());

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
    }

    @Test
    void browserGetsHtml() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/"))
                .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8").build());

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        String html = response.body();
        assertTrue(html.contains("<a href=\"/users\">/users</a>"), html);
        assertTrue(html.contains(users.url()), html);
        assertTrue(html.contains("class=\"UP\">UP<"), html);
        assertTrue(html.contains("class=\"UNREACHABLE\">UNREACHABLE<"), html);
        assertTrue(html.contains("class=\"TIMEOUT\">TIMEOUT<"), html);
    }

    @Test
    void gatewayIsReadyWhileItsBackendsAreNot() {
        HttpResponse<String> response = get("/health/readiness");

        assertEquals(200, response.statusCode());
        assertEquals("UP", json(response.body()).get("status"));
        assertEquals(200, get("/health/liveness").statusCode());
    }
}
