package microlab.gateway.trace;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import microlab.gateway.testing.GatewayFixture;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * With OpenTelemetry switched off ({@code micronaut.otel.enabled: false}) the gateway proxies as before and
 * passes the caller's trace context on unchanged, like any proxy that does not trace; its problems carry no
 * trace id. On the direct path here, on the filter path in {@link TracingOffFilterPathTest}.
 */
@MicronautTest
class TracingOffTest extends GatewayFixture {

    static final String CALLER_TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Override
    public Map<String, String> getProperties() {
        return propertiesWith(Map.of("micronaut.otel.enabled", "false"));
    }

    @Test
    void theCallersTraceContextReachesTheBackendAsItCame() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/users/7"))
                .header("traceparent", CALLER_TRACEPARENT).header("tracestate", "caller=1").GET().build());

        assertEquals(200, response.statusCode(), response.body());
        Map<String, String> received = echoedHeaders(json(response.body()));
        assertEquals(CALLER_TRACEPARENT, received.get("traceparent"));
        assertEquals("caller=1", received.get("tracestate"));
    }

    @Test
    void aRequestWithoutTraceContextGetsNone() {
        HttpResponse<String> response = get("/users/8");

        assertEquals(200, response.statusCode(), response.body());
        assertFalse(echoedHeaders(json(response.body())).containsKey("traceparent"), response.body());
    }

    @Test
    void aBackendThatIsDownIsStillA502ProblemWithoutTraceId() {
        HttpResponse<String> response = get("/orders/1");

        assertEquals(502, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        assertFalse(json(response.body()).containsKey("traceId"), response.body());
    }
}
