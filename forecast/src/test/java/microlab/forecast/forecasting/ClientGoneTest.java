package microlab.forecast.forecasting;

import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import microlab.forecast.Http;
import microlab.forecast.TempStateDir;
import microlab.forecast.model.FitRequest;
import microlab.forecast.model.FittedModel;
import microlab.forecast.model.ForecastModel;
import microlab.forecast.numerics.Cancellation;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fit whose client has gone is stopped at once, and its slot serves the next request. The fit is one
 * of a model that never ends by itself (it only looks, like every long loop of the real models, whether
 * it should stop), so nothing but the client's leaving can end it within the test's two seconds.
 */
@MicronautTest(transactional = false)
@Property(name = "spec.name", value = "ClientGoneTest")
@Property(name = "forecast.compute.slots", value = "1")
@Property(name = "forecast.compute.queue-wait", value = "3s")
class ClientGoneTest implements TempStateDir {

    @Inject
    EmbeddedServer server;
    @Inject
    ComputeBudget budget;

    @Test
    void aFitWhoseClientClosedItsConnectionStopsAndFreesItsSlot() throws Exception {
        String slow = "{\"values\": [1, 2, 3, 4, 5, 6, 7, 8], \"horizon\": 2, \"model\": \"" + EndlessModel.NAME + "\"}";
        try (Socket client = new Socket(server.getHost(), server.getPort())) {
            OutputStream out = client.getOutputStream();
            byte[] body = slow.getBytes(StandardCharsets.UTF_8);
            out.write(("POST /forecast HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            assertTrue(within(5_000, () -> budget.running() == 1), "the slow fit never started");
            Thread.sleep(500);
            assertEquals(1, budget.running(), "the fit ended before its client left");
        }
        assertTrue(within(2_000, () -> budget.running() == 0), "the fit went on after its client closed the connection");

        Http.Response next = new Http(server.getURI()).post("/forecast", "application/json",
                "{\"values\": [1, 2, 3, 4, 5, 6, 7, 8], \"period\": 1, \"horizon\": 2, \"model\": \"naive\"}");
        assertEquals(200, next.status(), next.body());
    }

    private static boolean within(long millis, BooleanSupplier condition) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    /** The API's models and one more, {@value EndlessModel#NAME}. */
    @Singleton
    @Replaces(ModelCatalog.class)
    @Requires(property = "spec.name", value = "ClientGoneTest")
    static class CatalogWithEndlessModel extends ModelCatalog {
        @Override
        public ForecastModel require(String name) {
            return EndlessModel.NAME.equals(name) ? new EndlessModel() : super.require(name);
        }
    }

    static final class EndlessModel implements ForecastModel {
        static final String NAME = "endless";

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            return "Fits until it is stopped.";
        }

        @Override
        public boolean seasonal() {
            return false;
        }

        @Override
        public FittedModel fit(FitRequest request) {
            while (true) {
                Cancellation.check();
                Thread.onSpinWait();
            }
        }

        @Override
        public FittedModel restore(byte[] state) {
            throw new IllegalStateException("An endless fit never finishes, so it never leaves a state to restore.");
        }
    }
}
