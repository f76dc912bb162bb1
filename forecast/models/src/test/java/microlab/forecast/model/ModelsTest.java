package microlab.forecast.model;

import microlab.forecast.numerics.LogScale;
import microlab.forecast.numerics.SeasonalAdjustment;
import microlab.forecast.selection.Models;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelsTest {

    private static double[] geometricWalk(int n, long seed) {
        Random random = new Random(seed);
        double[] y = new double[n];
        y[0] = 100;
        for (int t = 1; t < n; t++) {
            y[t] = y[t - 1] * Math.exp(0.002 + 0.04 * random.nextGaussian());
        }
        return y;
    }

    @Test
    void theCatalogueListsEveryModelInApiOrder() {
        List<String> names = Models.all().stream().map(ForecastModel::name).toList();
        assertEquals(List.of("naive", "snaive", "drift", "ses", "holt", "damped", "theta", "ets", "mstl", "mstl-arima", "arima", "prophet", "lstm", "auto"), names);
        assertEquals("theta", Models.find("theta").orElseThrow().name());
        assertTrue(Models.find("garch").isEmpty());
        assertFalse(Models.statistical().stream().anyMatch(m -> m.name().equals("lstm") || m.name().equals("auto")));
    }

    @Test
    void everyStatisticalModelRestoresFromItsSavedBytesToTheSameForecast() {
        Random random = new Random(1);
        double[] y = new double[150];
        for (int t = 0; t < y.length; t++) {
            y[t] = 200 + 0.5 * t + 8 * Math.sin(2 * Math.PI * t / 7) + random.nextGaussian();
        }
        for (ForecastModel model : Models.statistical()) {
            FittedModel fitted = model.fit(FitRequest.of(y, 7));
            Forecast before = fitted.forecast(14, 90);
            Forecast after = model.restore(fitted.save()).forecast(14, 90);
            assertEquals(model.name(), after.model());
            assertArrayEquals(before.mean(), after.mean(), 0, model.name());
            assertArrayEquals(before.lower(), after.lower(), 0, model.name());
            assertArrayEquals(before.upper(), after.upper(), 0, model.name());
            assertEquals(before.parameters(), after.parameters(), model.name());
        }
    }

    @Test
    void savedStateOfOneModelIsRefusedByAnother() {
        byte[] state = TrendModel.holt().fit(FitRequest.of(new double[] {1, 2, 3, 4, 5}, 1)).save();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ThetaModel().restore(state));
        assertEquals("The saved state is a holt model, not theta.", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrendModel.holt().restore(java.util.Arrays.copyOf(state, state.length - 3)));
    }

    @Test
    void aSeasonalModelSaysHowManyPointsItNeeds() {
        ForecastModel snaive = new SeasonalNaiveModel();
        double[] y = new double[40];
        InvalidSeriesException withHorizon = assertThrows(InvalidSeriesException.class, () -> snaive.fit(FitRequest.of(y, 24, 14)));
        assertEquals("The seasonal model snaive needs at least 2 * period + horizon = 2 * 24 + 14 = 62 points; the series has 40.", withHorizon.getMessage());
        InvalidSeriesException withoutHorizon = assertThrows(InvalidSeriesException.class, () -> snaive.fit(FitRequest.of(y, 24)));
        assertEquals("The seasonal model snaive needs at least 2 * period = 2 * 24 = 48 points; the series has 40.", withoutHorizon.getMessage());
        assertEquals(62, snaive.minLength(24, 14));
    }

    @Test
    void badInputIsRejectedWithASentence() {
        double[] y = {1, 2, Double.NaN, 4};
        assertEquals("Value 3 of the series is not a finite number.",
                assertThrows(IllegalArgumentException.class, () -> new NaiveModel().fit(FitRequest.of(y, 1))).getMessage());
        FittedModel fitted = new NaiveModel().fit(FitRequest.of(new double[] {1, 2, 3}, 1));
        assertThrows(IllegalArgumentException.class, () -> fitted.forecast(0, 80));
        assertThrows(IllegalArgumentException.class, () -> fitted.forecast(366, 80));
        assertThrows(IllegalArgumentException.class, () -> fitted.forecast(5, 40));
        assertEquals("holt needs at least 4 points; the series has 3.",
                assertThrows(IllegalArgumentException.class, () -> TrendModel.holt().fit(FitRequest.of(new double[] {1, 2, 3}, 1))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new NaiveModel().fit(FitRequest.of(new double[] {1, 2, 3}, 0)));
    }

    @Test
    void pricesThatMoveInPercentagesAreModelledOnTheLogScale() {
        double[] prices = geometricWalk(1000, 2);
        Forecast f = new NaiveModel().fit(FitRequest.of(prices, 1)).forecast(30, 80);
        assertTrue(f.logScale());
        // On the log scale the band is wider above the forecast than below it.
        assertTrue(f.upper()[29] - f.mean()[29] > f.mean()[29] - f.lower()[29]);
    }

    @Test
    void additiveNoiseStaysOnTheRawScale() {
        Random random = new Random(4);
        double[] y = new double[1000];
        for (int t = 0; t < y.length; t++) {
            y[t] = 100 + 0.5 * t + 3 * random.nextGaussian();
        }
        assertFalse(new NaiveModel().fit(FitRequest.of(y, 1)).forecast(5, 80).logScale());
        assertFalse(LogScale.prefers(new double[] {-1, 2, 3, 4}, 1));
    }

    @Test
    void classicalDecompositionFindsASeasonAndIgnoresNoise() {
        double[] seasonal = new double[120];
        double[] noise = new double[120];
        Random random = new Random(6);
        for (int t = 0; t < 120; t++) {
            seasonal[t] = 10 + 3 * Math.sin(2 * Math.PI * t / 12) + 0.3 * random.nextGaussian();
            noise[t] = 10 + random.nextGaussian();
        }
        assertTrue(SeasonalAdjustment.seasonal(seasonal, 12));
        assertFalse(SeasonalAdjustment.seasonal(noise, 12));
    }
}
