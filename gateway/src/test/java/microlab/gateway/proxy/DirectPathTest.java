package microlab.gateway.proxy;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import microlab.gateway.testing.GatewayFixture;
import microlab.gateway.testing.RawHttp;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The direct path is in place and takes what {@link ProxyPolicy} gives it: the tests that run on both paths
 * would pass on the filter path alone, so this one fails if the handler is missing from Micronaut's
 * pipeline (a Micronaut upgrade that builds it otherwise) or the policy stops giving it requests.
 */
@MicronautTest
class DirectPathTest extends GatewayFixture {

    @Inject
    DirectProxy proxy;

    @Test
    void aPlainRoutedRequestTakesTheDirectPath() {
        long before = proxy.taken();

        assertEquals(200, get("/users/7").statusCode());
        assertEquals(200, send(HttpRequest.newBuilder(uri("/users")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build()).statusCode());

        assertEquals(before + 2, proxy.taken());
    }

    @Test
    void whatThePolicyKeepsForMicronautDoesNotTakeIt() {
        long before = proxy.taken();

        assertEquals(200, get("/").statusCode(), "the home page: no route");
        String chunked = "POST /users HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n";
        RawHttp.Response answer = RawHttp.exchange(uri("/").getPort(), chunked.getBytes(StandardCharsets.US_ASCII));
        assertEquals(200, answer.status(), answer.text());

        assertEquals(before, proxy.taken());
    }
}
