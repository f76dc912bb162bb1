package microlab.forecast.cache;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import microlab.forecast.Http;
import microlab.forecast.TempFolders;
import microlab.forecast.TempStateDir;
import microlab.forecast.forecasting.ForecastResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResultCacheTest implements TempStateDir {

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Value("${redis.uri}")
    String redisUri;

    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;

    @BeforeAll
    void connect() {
        client = RedisClient.create(redisUri);
        connection = client.connect();
    }

    @AfterAll
    void disconnect() {
        connection.close();
        client.shutdown();
    }

    @Test
    void aForecastIsServedFromRedisUntilAnUploadReplacesTheSeries() throws IOException {
        RedisCommands<String, String> redis = connection.sync();
        Http http = new Http(server.getURI());
        String symbol = "CA" + ThreadLocalRandom.current().nextInt(1_000_000);
        assertEquals(200, http.post("/forecast/prices/" + symbol, "text/csv", "date,close\n2024-01-01,10\n2024-01-02,12\n2024-01-03,14\n2024-01-04,16\n").status());

        Http.Response response = http.get("/forecast/" + symbol + "?model=drift&horizon=2");
        assertEquals(200, response.status(), response.body());
        ForecastResponse first = json.readValue(response.body(), ForecastResponse.class);
        assertEquals(20.0, first.forecast().get(1).mean(), 1e-9);
        java.util.List<String> keys = redis.keys("forecast:" + symbol + ":" + first.dataVersion() + ":forecast:drift:h2:l80:code-*");
        assertEquals(1, keys.size(), keys::toString);
        String key = keys.get(0);
        assertTrue(redis.ttl(key) > 0, "the forecast is cached with a TTL under " + key);

        // what Redis holds is what the service answers
        redis.setex(key, 60, redis.get(key).replace("\"model\":\"drift\"", "\"model\":\"from-redis\""));
        assertEquals("from-redis", json.readValue(http.get("/forecast/" + symbol + "?model=drift&horizon=2").body(),
                ForecastResponse.class).model());

        assertEquals(200, http.post("/forecast/prices/" + symbol, "text/csv", "date,close\n2024-01-01,10\n2024-01-02,11\n2024-01-03,12\n2024-01-04,13\n").status());
        assertNull(redis.get(key), "the upload deleted the old entry");
        ForecastResponse second = json.readValue(http.get("/forecast/" + symbol + "?model=drift&horizon=2").body(), ForecastResponse.class);
        assertEquals("drift", second.model());
        assertNotEquals(first.dataVersion(), second.dataVersion());
        assertEquals(15.0, second.forecast().get(1).mean(), 1e-9);
    }

    @Test
    void aBacktestIsCachedUnderItsDataVersion() {
        RedisCommands<String, String> redis = connection.sync();
        Http http = new Http(server.getURI());
        assertEquals(200, http.get("/forecast/SOL/backtest?horizon=5&folds=2&models=naive").status());
        assertTrue(!redis.keys("forecast:SOL:*:backtest:h5:f2:l80:naive:code-*").isEmpty());
    }

    @Test
    void withRedisDownForecastsAreStillComputed() throws IOException {
        try (EmbeddedServer down = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "redis.uri", "redis://localhost:1",
                "forecast.state-dir", TempFolders.create("forecast-state-test").toString(),
                "micronaut.server.port", -1), "test")) {
            Http http = new Http(down.getURI());
            for (int i = 0; i < 2; i++) {
                Http.Response response = http.get("/forecast/XRP?model=naive&horizon=3");
                assertEquals(200, response.status(), response.body());
            }
            assertEquals(200, http.get("/forecast/XRP/backtest?horizon=5&folds=2&models=naive").status());

            // still ready (slower, not broken), and health says why
            Http.Response readiness = http.get("/health/readiness");
            assertEquals(200, readiness.status(), readiness.body());
            assertTrue(readiness.body().contains("\"redis\":{\"name\":\"forecast\",\"status\":\"DEGRADED\""), readiness.body());
        }
    }

    @Test
    void withRedisUpItsHealthIsUp() throws IOException {
        Http.Response readiness = new Http(server.getURI()).get("/health/readiness");
        assertEquals(200, readiness.status(), readiness.body());
        assertTrue(readiness.body().contains("\"redis\":{\"name\":\"forecast\",\"status\":\"UP\""), readiness.body());
    }
}
