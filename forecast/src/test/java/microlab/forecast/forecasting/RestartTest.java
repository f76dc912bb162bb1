package microlab.forecast.forecasting;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import microlab.forecast.Http;
import microlab.forecast.cache.ResultCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two starts of the service on one state directory, as a container restarted on its volume. */
class RestartTest {

    @TempDir
    Path stateDir;

    @Test
    void theSecondStartCountsBootTwoAndUsesTheSavedModelInsteadOfRefitting() throws IOException {
        ForecastResponse first;
        try (EmbeddedServer server = start()) {
            // a forecast cached by an earlier run would hide the fit
            server.getApplicationContext().getBean(ResultCache.class).evictPrefix("forecast:ETH:");
            Http http = new Http(server.getURI());
            JsonMapper json = server.getApplicationContext().getBean(JsonMapper.class);
            first = json.readValue(http.get("/forecast/ETH?model=holt&horizon=5").body(), ForecastResponse.class);
            ServiceStatus status = json.readValue(http.get("/forecast/status").body(), ServiceStatus.class);
            assertEquals(1, status.bootCount());
            assertFalse(status.modelsLoadedFromState());
            assertEquals("fitted", status.models().get(0).origin());
            assertTrue(Files.exists(stateDir.resolve("models/ETH/holt-" + first.dataVersion() + ".model")));
        }
        try (EmbeddedServer server = start()) {
            // the cached answer would hide whether the model was read back, so it goes
            server.getApplicationContext().getBean(ResultCache.class).evictPrefix("forecast:ETH:");
            Http http = new Http(server.getURI());
            JsonMapper json = server.getApplicationContext().getBean(JsonMapper.class);
            ServiceStatus status = json.readValue(http.get("/forecast/status").body(), ServiceStatus.class);
            assertEquals(2, status.bootCount());
            assertTrue(status.modelsLoadedFromState());
            ServiceStatus.ModelStatus holt = status.models().stream()
                    .filter(m -> m.symbol().equals("ETH") && m.model().equals("holt")).findFirst().orElseThrow();
            assertEquals("state", holt.origin());
            assertEquals(first.trainedAt(), holt.trainedAt());
            assertEquals(first.dataVersion(), holt.dataVersion());

            ForecastResponse again = json.readValue(http.get("/forecast/ETH?model=holt&horizon=5").body(), ForecastResponse.class);
            assertEquals(first.trainedAt(), again.trainedAt(), "the forecast comes from the saved model");
            assertEquals(first.forecast(), again.forecast());
            assertEquals(1, json.readValue(http.get("/forecast/status").body(), ServiceStatus.class).models().size(),
                    "nothing was fitted again");
        }
    }

    private EmbeddedServer start() {
        return ApplicationContext.run(EmbeddedServer.class,
                Map.of("forecast.state-dir", stateDir.toString(), "micronaut.server.port", -1), "test");
    }
}
