package microlab.gateway.proxy;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import microlab.gateway.testing.GatewayFixture;
import microlab.gateway.testing.RawHttp;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests pipelined on one connection are answered in the order they were sent, whichever path each
 * takes: routed ones through the direct proxy, the gateway's own through Micronaut.
 */
@MicronautTest
class PipeliningTest extends GatewayFixture {

    @Test
    void pipelinedRequestsAreAnsweredInTheOrderSent() {
        List<RawHttp.Response> responses = RawHttp.pipeline(gateway.getPort(), List.of(
                List.of("GET /users/first HTTP/1.1", "Host: gateway.test"),
                List.of("HEAD /users/second HTTP/1.1", "Host: gateway.test"),
                List.of("GET /users/third HTTP/1.1", "Host: gateway.test"),
                List.of("GET /health/liveness HTTP/1.1", "Host: gateway.test"),
                List.of("GET /users/last HTTP/1.1", "Host: gateway.test")));

        assertEquals("/users/first", json(responses.get(0).text()).get("path"));
        assertEquals("HEAD", responses.get(1).header("X-Echo-Method"));
        assertEquals(0, responses.get(1).body().length);
        assertEquals("/users/third", json(responses.get(2).text()).get("path"));
        assertEquals(200, responses.get(3).status());
        assertTrue(responses.get(3).text().contains("UP"), responses.get(3).text());
        assertEquals("/users/last", json(responses.get(4).text()).get("path"));
    }
}
