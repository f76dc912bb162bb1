package microlab.forecast.forecasting;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import microlab.forecast.Http;
import microlab.forecast.TempStateDir;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.StringJoiner;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A fit whose client has gone is stopped at once, and its slot serves the next request. */
@MicronautTest(transactional = false)
@Property(name = "forecast.compute.slots", value = "1")
@Property(name = "forecast.compute.queue-wait", value = "3s")
class ClientGoneTest implements TempStateDir {

    @Inject
    EmbeddedServer server;
    @Inject
    ComputeBudget budget;

    @Test
    void aFitWhoseClientClosedItsConnectionStopsAndFreesItsSlot() throws Exception {
        String slow = "{\"values\": " + noisySeasonalSeries(10_000) + ", \"period\": 24, \"horizon\": 365, \"model\": \"auto\"}";
        try (Socket client = new Socket(server.getHost(), server.getPort())) {
            OutputStream out = client.getOutputStream();
            byte[] body = slow.getBytes(StandardCharsets.UTF_8);
            out.write(("POST /forecast HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            assertTrue(within(5_000, () -> budget.running() == 1), "the slow fit never started");
            Thread.sleep(500);
            assertEquals(1, budget.running(), "the slow fit ended by itself before its client left: it is not slow enough");
        }
        assertTrue(within(2_000, () -> budget.running() == 0), "the fit went on after its client closed the connection");

        Http.Response next = new Http(server.getURI()).post("/forecast", "application/json",
                "{\"values\": [1, 2, 3, 4, 5, 6, 7, 8], \"period\": 1, \"horizon\": 2, \"model\": \"naive\"}");
        assertEquals(200, next.status(), next.body());
    }

    private static String noisySeasonalSeries(int length) {
        Random random = new Random(7);
        StringJoiner values = new StringJoiner(",", "[", "]");
        double level = 100;
        for (int t = 0; t < length; t++) {
            level += random.nextGaussian();
            values.add(String.format(java.util.Locale.ROOT, "%.3f", level + 10 * Math.sin(2 * Math.PI * t / 24) + random.nextGaussian()));
        }
        return values.toString();
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
}
