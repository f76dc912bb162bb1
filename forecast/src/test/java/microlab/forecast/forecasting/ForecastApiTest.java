package microlab.forecast.forecasting;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import microlab.forecast.Http;
import microlab.forecast.TempStateDir;
import microlab.forecast.selection.Models;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForecastApiTest implements TempStateDir {

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;

    private Http http;

    @BeforeEach
    void setUp() {
        http = new Http(server.getURI());
    }

    @Test
    void aForecastOfAnAssetHasOneDatedPointPerStepAfterTheLastDay() throws IOException {
        Http.Response response = http.get("/forecast/BTC?model=drift&horizon=3&level=90");
        assertEquals(200, response.status(), response.body());
        ForecastResponse forecast = json.readValue(response.body(), ForecastResponse.class);
        assertEquals("drift", forecast.model());
        assertEquals("BTC", forecast.symbol());
        assertEquals(3, forecast.horizon());
        assertEquals(90, forecast.level());
        assertNotNull(forecast.dataVersion());
        assertEquals(List.of(1), forecast.periods(), "the daily closes of BTC show no weekly cycle");
        assertEquals(List.of("2024-12-08", "2024-12-09", "2024-12-10"),
                forecast.forecast().stream().map(p -> p.date().toString()).toList());
        for (ForecastPoint point : forecast.forecast()) {
            assertTrue(point.lower() <= point.mean() && point.mean() <= point.upper(), point.toString());
        }
    }

    @Test
    void aPostedSeriesIsForecastWithoutTheDatabase() throws IOException {
        Http.Response response = http.post("/forecast", "application/json",
                "{\"values\": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], \"period\": 1, \"horizon\": 2, \"model\": \"drift\", \"level\": 80}");
        assertEquals(200, response.status(), response.body());
        Map<?, ?> body = json.readValue(response.body(), Map.class);
        assertEquals("drift", body.get("model"));
        assertEquals(80, ((Number) body.get("level")).intValue());
        assertEquals(false, body.get("logScale"));
        List<?> points = (List<?>) body.get("forecast");
        assertEquals(2, points.size());
        Map<?, ?> first = (Map<?, ?>) points.get(0);
        assertEquals(1, ((Number) first.get("step")).intValue());
        assertEquals(11.0, ((Number) first.get("mean")).doubleValue(), 1e-9);
        assertTrue(!first.containsKey("date"), "a posted series has no days");
    }

    @Test
    void severalPeriodsArePostedAsPeriodsAndAutoFindsAWeekOnItsOwn() throws IOException {
        // four weeks and five days of hours, weekends at 60% of a weekday, ending on a Friday night
        StringBuilder values = new StringBuilder();
        java.util.Random random = new java.util.Random(4);
        for (int t = 0; t < 5 * 24 + 4 * 168; t++) {
            double week = (t / 24) % 7 >= 5 ? 0.6 : 1;
            values.append(values.length() == 0 ? "" : ",")
                    .append(String.format(java.util.Locale.ROOT, "%.3f", 100 * week * (1 + 0.3 * Math.sin(2 * Math.PI * t / 24)) + random.nextGaussian()));
        }
        Http.Response mstl = http.post("/forecast", "application/json",
                "{\"values\": [" + values + "], \"periods\": [168, 24], \"horizon\": 48, \"model\": \"mstl\"}");
        assertEquals(200, mstl.status(), mstl.body());
        Map<?, ?> body = json.readValue(mstl.body(), Map.class);
        assertEquals(List.of(24, 168), ((Map<?, ?>) body.get("parameters")).get("periods"));
        assertEquals(24, ((Number) body.get("period")).intValue());
        assertEquals(List.of(24, 168), body.get("periods"));
        double firstWeekendHour = ((Number) ((Map<?, ?>) ((List<?>) body.get("forecast")).get(0)).get("mean")).doubleValue();
        assertEquals(60, firstWeekendHour, 6, "the forecast starts on a Saturday at midnight");

        Http.Response auto = http.post("/forecast", "application/json",
                "{\"values\": [" + values + "], \"period\": 24, \"horizon\": 48}");
        assertEquals(200, auto.status(), auto.body());
        Map<?, ?> parameters = (Map<?, ?>) json.readValue(auto.body(), Map.class).get("parameters");
        assertEquals(List.of(24, 168), parameters.get("seasonalPeriods"), auto.body());
        assertEquals("mstl".equals(json.readValue(auto.body(), Map.class).get("model")) ? List.of(24, 168) : List.of(24),
                json.readValue(auto.body(), Map.class).get("periods"), auto.body());

        assertBadRequest(http.post("/forecast", "application/json", "{\"values\": [" + values + "], \"periods\": [24, 24]}"),
                "'periods' names 24 twice.");
        assertBadRequest(http.post("/forecast", "application/json", "{\"values\": [" + values + "], \"periods\": [24, 1000]}"),
                "A seasonal period of 1000 needs at least two full seasons (2000 values)");
        assertBadRequest(http.post("/forecast", "application/json", "{\"values\": [" + values + "], \"period\": 12, \"periods\": [24]}"),
                "Give 'period' or 'periods', not both");
        assertBadRequest(http.post("/forecast", "application/json", "{\"values\": [" + values + "], \"periods\": [1, 24]}"),
                "Each of 'periods' must be at least 2");
    }

    @Test
    void theModelListNamesEveryModelWithADescription() throws IOException {
        Http.Response response = http.get("/forecast/models");
        assertEquals(200, response.status());
        List<ModelInfo> models = json.readValue(response.body(), Argument.listOf(ModelInfo.class));
        assertEquals(Models.all().stream().map(m -> m.name()).toList(), models.stream().map(ModelInfo::name).toList());
        assertTrue(models.stream().allMatch(m -> !m.description().isBlank()));
        assertTrue(response.body().contains("\"name\":\"naive\""));
        // this machine is x86-64, where the bundled PyTorch runs
        assertTrue(models.stream().allMatch(m -> m.available() && m.unavailable() == null), response.body());
        assertTrue(response.body().contains("\"name\":\"lstm\"") && !response.body().contains("\"unavailable\""), response.body());
    }

    @Test
    void requestsOutsideTheLimitsAre400WithASentenceStatingTheLimit() {
        assertBadRequest(http.get("/forecast/BTC?horizon=0"), "between 1 and 365");
        assertBadRequest(http.get("/forecast/BTC?horizon=366"), "between 1 and 365");
        assertBadRequest(http.get("/forecast/BTC?level=49"), "between 50 and 99");
        assertBadRequest(http.get("/forecast/BTC?level=100"), "between 50 and 99");
        assertBadRequest(http.get("/forecast/BTC?horizon=soon"), "horizon");
        assertBadRequest(http.get("/forecast/BTC?model=crystalball"), "the models are naive");
        assertBadRequest(http.get("/forecast/btc"), "uppercase");
        assertBadRequest(http.get("/forecast/BTC/backtest?folds=11"), "between 1 and 10");
        assertBadRequest(http.get("/forecast/BTC/backtest?models=naive,crystalball"), "Unknown model 'crystalball'");
        assertBadRequest(http.post("/forecast", "application/json", "{\"values\": [1, 2, 3], \"horizon\": 400}"), "between 1 and 365");
        assertBadRequest(http.post("/forecast", "application/json", "{\"values\": [1]}"), "at least 2 values");
        assertBadRequest(http.post("/forecast", "application/json", "{\"values\": []}"), "values");
        assertBadRequest(http.post("/forecast", "application/json", "{\"horizon\": 3}"), "values");
        assertBadRequest(http.post("/forecast", "application/json", "{\"values\": [1, null, 3]}"), "values[1]");
        assertBadRequest(http.post("/forecast", "application/json", "{\"values\": [1, 2, 3, 4], \"period\": 0}"), "period");
        assertBadRequest(http.post("/forecast", "application/json", "{\"values\": [1, 2, 3, 4], \"period\": 3}"), "two full seasons");
        assertBadRequest(http.post("/forecast", "application/json", "{\"values\": [1, 2,"), "end-of-input");
        assertBadRequest(http.post("/forecast", "application/json", "{\"values\": [1, 2, 3], \"level\": 80.5}"), "whole number");
        assertBadRequest(http.post("/forecast", "application/json", "{\"values\": [1, 2, 3, 4], \"period\": 2147483647}"),
                "A seasonal period of 2147483647 needs at least two full seasons (4294967294 values); the series has 4.");
        assertBadRequest(http.post("/forecast", "application/json", "{\"values\": [1, 2, 3], \"horizon\": 2147483647}"),
                "between 1 and 365 steps; got 2147483647.");
        assertBadRequest(http.post("/forecast", "application/json", "{\"values\": [1, 2, 3], \"horizon\": 1e12}"),
                "'horizon' is out of range: no limit of this API reaches 1000000000000.");
        // numbers a double cannot hold, and a model list with no name in it
        assertBadRequest(http.post("/forecast", "application/json", "{\"values\": [1, 2, 3], \"horizon\": 1e309}"),
                "'horizon' must be a finite whole number");
        assertBadRequest(http.post("/forecast", "application/json", "{\"values\": [1, 2, 3, 4], \"period\": -1e400}"),
                "'period' must be a finite whole number");
        String tooLong = java.util.stream.IntStream.range(0, 10_001).mapToObj(i -> String.valueOf(100 + i % 7))
                .collect(java.util.stream.Collectors.joining(",", "{\"values\": [", "]}"));
        assertBadRequest(http.post("/forecast", "application/json", tooLong),
                "A series may have at most 10000 values (more do not fit in the 20 s compute budget of a forecast); it has 10001.");
        assertBadRequest(http.get("/forecast/BTC/backtest?models=,"), "'models' names no model");
        assertBadRequest(http.get("/forecast/BTC/backtest?models=naive,,drift"), "'models' has an empty name");
    }

    @Test
    void aSeasonalModelNeedsTwoSeasonsPlusTheHorizon() {
        String seasonal = "snaive";
        assertTrue(Models.find(seasonal).orElseThrow().seasonal());
        String values = "[1,2,3,4,1,2,3,4,1,2,3,4]";
        assertBadRequest(http.post("/forecast", "application/json",
                "{\"values\": " + values + ", \"period\": 4, \"horizon\": 5, \"model\": \"" + seasonal + "\"}"),
                "2 * period + horizon = 2 * 4 + 5 = 13");
        assertEquals(200, http.post("/forecast", "application/json",
                "{\"values\": " + values + ", \"period\": 4, \"horizon\": 4, \"model\": \"" + seasonal + "\"}").status());
    }

    @Test
    void anUnknownAssetIs404() {
        Http.Response response = http.get("/forecast/NOSUCH1");
        assertEquals(404, response.status());
        assertTrue(response.body().contains("There is no asset NOSUCH1"), response.body());
        assertEquals(404, http.get("/forecast/NOSUCH1/backtest").status());
    }

    @Test
    void aBacktestScoresEveryStatisticalModelAndNamesTheWinner() throws IOException {
        Http.Response response = http.get("/forecast/SOL/backtest?horizon=7&folds=2&models=naive,drift");
        assertEquals(200, response.status(), response.body());
        BacktestResponse backtest = json.readValue(response.body(), BacktestResponse.class);
        assertEquals(7, backtest.horizon());
        assertEquals(2, backtest.folds());
        assertEquals(List.of("naive", "drift"), backtest.scores().stream().map(ModelScoreView::model).toList());
        assertTrue(List.of("naive", "drift").contains(backtest.winner()), backtest.winner());
        for (ModelScoreView score : backtest.scores()) {
            assertTrue(score.mase() > 0 && score.coverage() >= 0 && score.coverage() <= 1, score.toString());
        }
    }

    @Test
    void aBacktestLongerThanTheHistoryIs400() {
        assertBadRequest(http.get("/forecast/SOL/backtest?horizon=365&folds=5"), "needs more than");
    }

    private static void assertBadRequest(Http.Response response, String sentencePart) {
        assertEquals(400, response.status(), response.body());
        assertTrue(response.contentType().startsWith("application/problem+json"), response.contentType());
        assertTrue(response.body().contains(sentencePart), () -> "expected '" + sentencePart + "' in " + response.body());
    }
}
