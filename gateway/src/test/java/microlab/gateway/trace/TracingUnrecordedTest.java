package microlab.gateway.trace;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import microlab.gateway.testing.GatewayFixture;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway as it ships: OpenTelemetry on, nothing to export, so no trace is recorded (the sampler is
 * {@code parentbased_always_off}), yet every request still has a trace id that goes on to the backend and
 * into a problem+json body, so that the services' log lines of one request can be found together. On the
 * direct path here, on the filter path in {@link TracingUnrecordedFilterPathTest}.
 */
@MicronautTest
class TracingUnrecordedTest extends GatewayFixture {

    private static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    @Test
    void aRequestWithoutTraceContextGetsANewTraceThatIsNotRecorded() {
        HttpResponse<String> response = get("/users/8");

        assertEquals(200, response.statusCode(), response.body());
        String received = echoedHeaders(json(response.body())).get("traceparent");
        assertTrue(received != null && received.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00"), response.body());
        assertNotEquals("00000000000000000000000000000000", received.split("-")[1]);
    }

    @Test
    void anUnsampledCallersTraceGoesOnUnsampledWithTheGatewayAsParent() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/users/7"))
                .header("traceparent", "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-00").GET().build());

        assertEquals(200, response.statusCode(), response.body());
        String received = echoedHeaders(json(response.body())).get("traceparent");
        assertTrue(received != null && received.matches("00-" + CALLER_TRACE + "-[0-9a-f]{16}-00"), response.body());
        assertNotEquals(CALLER_SPAN, received.split("-")[2], "the backend's parent is a span of the gateway");
    }

    @Test
    void aBackendThatIsDownIsA502WhoseBodyQuotesTheTraceId() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/orders/1"))
                .header("traceparent", "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-00").GET().build());

        assertEquals(502, response.statusCode());
        assertEquals(CALLER_TRACE, json(response.body()).get("traceId"), response.body());
    }
}
