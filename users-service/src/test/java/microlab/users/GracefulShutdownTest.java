package microlab.users;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stopping the service (what SIGTERM does) lets a request in flight finish instead of cutting it off. */
class GracefulShutdownTest {

    static final CountDownLatch STARTED = new CountDownLatch(1);

    @Test
    void requestInFlightCompletesWhenTheServiceStops() throws Exception {
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class,
                Map.of("spec.name", "GracefulShutdownTest", "micronaut.server.port", -1), "test");
        URI slow = server.getURI().resolve("/slow");
        CompletableFuture<HttpResponse<String>> answer = HttpClient.newHttpClient()
                .sendAsync(HttpRequest.newBuilder(slow).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(STARTED.await(10, TimeUnit.SECONDS), "the slow request never arrived");

        long stopping = System.nanoTime();
        server.getApplicationContext().close();

        HttpResponse<String> response = answer.get(10, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        assertEquals("finished", response.body());
        assertTrue(System.nanoTime() - stopping >= TimeUnit.MILLISECONDS.toNanos(1000),
                "close() returned before the request had finished");
    }

    @Requires(property = "spec.name", value = "GracefulShutdownTest")
    @Controller("/slow")
    static class SlowController {

        @Get
        @ExecuteOn(TaskExecutors.BLOCKING)
        String slow() throws InterruptedException {
            STARTED.countDown();
            Thread.sleep(1500);
            return "finished";
        }
    }
}
