package microlab.forecast.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ProphetModelTest {

    private static double[] plantedChangepoint(int n, int at, double before, double after, double noise, long seed) {
        Random random = new Random(seed);
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            double trend = t < at ? 10 + before * t : 10 + before * at + after * (t - at);
            y[t] = trend + noise * random.nextGaussian();
        }
        return y;
    }

    @Test
    void recoversAPlantedChangepointAndTheSlopesAroundIt() {
        int n = 300;
        double[] y = plantedChangepoint(n, 150, 0.05, 0.25, 0.2, 1);
        ProphetModel.Fit fit = ProphetModel.fitSeries(y, 1);
        double perStep = fit.yScale() / (n - 1);
        double slopeBefore = (fit.trend(0.3) - fit.trend(0.2)) / 0.1 * perStep;
        double slopeAfter = (fit.trend(0.95) - fit.trend(0.85)) / 0.1 * perStep;
        assertEquals(0.05, slopeBefore, 0.01);
        assertEquals(0.25, slopeAfter, 0.02);
        int largest = 0;
        for (int j = 1; j < fit.delta().length; j++) {
            if (Math.abs(fit.delta()[j]) > Math.abs(fit.delta()[largest])) {
                largest = j;
            }
        }
        // The grid spacing is about 0.8 / 25 of the history; the largest change sits next to t = 150.
        assertEquals(150.0 / (n - 1), fit.changepoints()[largest], 0.8 / 25 + 1e-9);
        assertTrue(fit.delta()[largest] > 0);
    }

    @Test
    void theL1PriorKeepsMostChangepointsAtZeroOnAStraightLine() {
        double[] y = plantedChangepoint(300, 300, 0.1, 0.1, 0.5, 2);
        ProphetModel.Fit fit = ProphetModel.fitSeries(y, 1);
        long active = java.util.Arrays.stream(fit.delta()).filter(d -> Math.abs(d) > 1e-9).count();
        assertTrue(active <= 5, active + " of 25 changepoints used on a straight line");
    }

    @Test
    void recoversAPlantedWeeklySeason() {
        int n = 280;
        Random random = new Random(3);
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = 50 + 0.02 * t + season(t) + 0.2 * random.nextGaussian();
        }
        ProphetModel.Fit fit = ProphetModel.fitSeries(y, 7);
        for (int tau = 0; tau < 7; tau++) {
            assertEquals(season(tau), fit.seasonal(tau) * fit.yScale(), 0.15, "day " + tau);
        }
        Forecast f = new ProphetModel().fit(FitRequest.of(y, 7)).forecast(14, 80);
        for (int h = 1; h <= 14; h++) {
            double truth = 50 + 0.02 * (n - 1 + h) + season(n - 1 + h);
            assertEquals(truth, f.mean()[h - 1], 0.5);
        }
    }

    private static double season(double t) {
        return 3 * Math.sin(2 * Math.PI * t / 7) + 1.5 * Math.cos(2 * Math.PI * 2 * t / 7);
    }

    @Test
    void forecastsFollowTheSlopeAfterTheLastChangeWithSimulatedIntervals() {
        double[] y = plantedChangepoint(300, 150, 0.05, 0.25, 0.2, 4);
        Forecast f = new ProphetModel().fit(FitRequest.of(y, 1)).forecast(30, 80);
        assertEquals(0.25 * 29, f.mean()[29] - f.mean()[0], 0.6);
        assertTrue(f.upper()[29] - f.lower()[29] > f.upper()[0] - f.lower()[0]);
    }

    @Test
    void simulatedIntervalsAreReproducible() {
        double[] y = plantedChangepoint(200, 100, 0.1, -0.1, 0.3, 5);
        Forecast a = new ProphetModel().fit(FitRequest.of(y, 1)).forecast(20, 90);
        Forecast b = new ProphetModel().fit(FitRequest.of(y, 1)).forecast(20, 90);
        assertArrayEquals(a.lower(), b.lower(), 0);
        assertArrayEquals(a.upper(), b.upper(), 0);
    }

    @Test
    void aConstantSeriesGivesAFlatForecast() {
        double[] y = new double[50];
        java.util.Arrays.fill(y, 7);
        Forecast f = new ProphetModel().fit(FitRequest.of(y, 1)).forecast(5, 80);
        for (double v : f.mean()) {
            assertEquals(7, v, 1e-9);
        }
    }
}
