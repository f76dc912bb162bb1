package microlab.gateway.proxy;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import microlab.gateway.testing.Backend;
import microlab.gateway.testing.GatewayFixture;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A gateway that stops gracefully sends the answers in flight first, direct path included. */
@MicronautTest
class GracefulStopTest extends GatewayFixture {

    GracefulStopTest() {
        users.on("/users/slow", Backend.slow(1500));
    }

    @Test
    void anAnswerOnItsWayIsSentBeforeTheGatewayStops() throws Exception {
        CompletableFuture<HttpResponse<String>> answer = http.sendAsync(
                HttpRequest.newBuilder(uri("/users/slow")).build(), HttpResponse.BodyHandlers.ofString());
        // the request has reached the backend, which holds it for 1.5 s
        Thread.sleep(500);
        gateway.stop();

        assertEquals(200, answer.get(10, TimeUnit.SECONDS).statusCode());
    }
}
