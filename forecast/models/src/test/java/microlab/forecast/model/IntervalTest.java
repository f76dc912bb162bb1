package microlab.forecast.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import microlab.forecast.selection.Models;
import org.junit.jupiter.api.Test;

/** Prediction intervals hold their nominal level where the model is the true process. */
class IntervalTest {

    private static double coverage(ForecastModel model, double drift, double level) {
        Random random = new Random(11);
        int walks = 400;
        int n = 150;
        int horizon = 10;
        int inside = 0;
        for (int w = 0; w < walks; w++) {
            double[] path = new double[n + horizon];
            for (int t = 1; t < path.length; t++) {
                path[t] = path[t - 1] + drift + random.nextGaussian();
            }
            double[] train = java.util.Arrays.copyOf(path, n);
            Forecast f = model.fit(FitRequest.of(train, 1)).forecast(horizon, level);
            for (int h = 0; h < horizon; h++) {
                double actual = path[n + h];
                if (actual >= f.lower()[h] && actual <= f.upper()[h]) {
                    inside++;
                }
            }
        }
        return inside / (double) (walks * horizon);
    }

    @Test
    void naiveEightyPercentIntervalsCoverAboutEightyPercentOfRandomWalks() {
        assertEquals(0.80, coverage(new NaiveModel(), 0, 80), 0.05);
    }

    @Test
    void driftNinetyFivePercentIntervalsCoverAboutNinetyFivePercentOfDriftingWalks() {
        assertEquals(0.95, coverage(new DriftModel(), 0.3, 95), 0.03);
    }

    @Test
    void driftEightyPercentIntervalsCoverAboutEightyPercentOfDriftingWalks() {
        assertEquals(0.80, coverage(new DriftModel(), 0.3, 80), 0.05);
    }

    @Test
    void sesEightyPercentIntervalsCoverAboutEightyPercentOfRandomWalks() {
        assertEquals(0.80, coverage(new SesModel(), 0, 80), 0.05);
    }

    @Test
    void intervalsWidenWithTheHorizonAndTheLevel() {
        double[] y = new double[100];
        Random random = new Random(5);
        for (int t = 1; t < y.length; t++) {
            y[t] = y[t - 1] + random.nextGaussian();
        }
        for (ForecastModel model : Models.statistical()) {
            FittedModel fitted = model.fit(FitRequest.of(y, 1));
            Forecast at80 = fitted.forecast(20, 80);
            Forecast at95 = fitted.forecast(20, 95);
            double w1 = at80.upper()[0] - at80.lower()[0];
            double w20 = at80.upper()[19] - at80.lower()[19];
            assertTrue(w20 > w1, model.name() + " width " + w1 + " then " + w20);
            assertTrue(at95.upper()[19] - at95.lower()[19] > w20, model.name());
            for (int h = 0; h < 20; h++) {
                assertTrue(at80.lower()[h] <= at80.mean()[h] && at80.mean()[h] <= at80.upper()[h], model.name());
            }
        }
    }
}
