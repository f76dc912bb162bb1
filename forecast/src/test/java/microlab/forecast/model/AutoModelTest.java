package microlab.forecast.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AutoModelTest {

    private static double signal(int t) {
        return 20 + 5 * Math.sin(2 * Math.PI * t / 24) + 2 * Math.cos(2 * Math.PI * t / 12);
    }

    @Test
    void picksAModelThatForecastsTheSeasonOnHourlySeasonalData() {
        Random random = new Random(9);
        int n = 24 * 20;
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = signal(t) + 0.3 * random.nextGaussian();
        }
        Forecast f = new AutoModel().fit(y, 24, 48).forecast(48, 80);
        assertFalse(Set.of("naive", "drift").contains(f.model()), "auto chose " + f.model());
        double[] truth = new double[48];
        for (int h = 1; h <= 48; h++) {
            truth[h - 1] = signal(n - 1 + h);
        }
        // Within noise of the true season: the season's own amplitude is 5, the noise 0.3.
        assertTrue(Metrics.mae(truth, f.mean()) < 0.6, f.model() + " mae " + Metrics.mae(truth, f.mean()));
        @SuppressWarnings("unchecked")
        Map<String, Double> mase = (Map<String, Double>) f.parameters().get("backtestMase");
        assertTrue(mase.get(f.model()) < mase.get("naive"));
        assertTrue(mase.containsKey("snaive"));
    }

    @Test
    void picksATrendModelOnATrendingSeries() {
        Random random = new Random(10);
        double[] y = new double[200];
        for (int t = 0; t < y.length; t++) {
            y[t] = 5 + 0.8 * t + 0.5 * random.nextGaussian();
        }
        Forecast f = new AutoModel().fit(y, 1, 10).forecast(10, 80);
        assertTrue(Set.of("drift", "holt", "damped", "theta", "ets").contains(f.model()), "auto chose " + f.model());
        assertEquals(5 + 0.8 * 209, f.mean()[9], 2.0);
    }

    @Test
    void savedAutoModelRestoresToTheSameChoiceAndForecast() {
        double[] y = new double[120];
        for (int t = 0; t < y.length; t++) {
            y[t] = 100 + 10 * Math.sin(t / 5.0) + t * 0.1;
        }
        AutoModel auto = new AutoModel();
        FittedModel fitted = auto.fit(y, 1, 7);
        Forecast before = fitted.forecast(7, 80);
        Forecast after = auto.restore(fitted.save()).forecast(7, 80);
        assertEquals(before.model(), after.model());
        assertArrayEquals(before.mean(), after.mean(), 0);
        assertEquals(before.parameters().get("backtestMase"), after.parameters().get("backtestMase"));
    }

    @Test
    void aSeriesTooShortForABacktestFallsBackToTheta() {
        Forecast f = new AutoModel().fit(new double[] {1, 2, 3, 5, 4, 6, 7, 6}, 1, 5).forecast(5, 80);
        assertEquals("theta", f.model());
    }
}
