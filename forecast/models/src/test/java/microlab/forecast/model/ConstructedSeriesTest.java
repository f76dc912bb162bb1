package microlab.forecast.model;

import microlab.forecast.numerics.Series;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Series whose right forecast is known exactly, so a wrong recursion or formula shows. */
class ConstructedSeriesTest {

    private static double[] line(int n, double intercept, double slope) {
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = intercept + slope * t;
        }
        return y;
    }

    private static double[] lineAhead(int n, int horizon, double intercept, double slope) {
        double[] y = new double[horizon];
        for (int h = 1; h <= horizon; h++) {
            y[h - 1] = intercept + slope * (n - 1 + h);
        }
        return y;
    }

    @Test
    void holtExtendsAStraightLineExactly() {
        Forecast f = TrendModel.holt().fit(FitRequest.of(line(50, 5, 2), 1)).forecast(10, 80);
        assertArrayEquals(lineAhead(50, 10, 5, 2), f.mean(), 1e-6);
        assertFalse(f.logScale());
    }

    @Test
    void holtExtendsAFallingLineThroughZeroExactly() {
        Forecast f = TrendModel.holt().fit(FitRequest.of(line(40, 30, -1.5), 1)).forecast(25, 80);
        assertArrayEquals(lineAhead(40, 25, 30, -1.5), f.mean(), 1e-6);
    }

    @Test
    void driftExtendsAStraightLineExactlyWithNoSpread() {
        Forecast f = new DriftModel().fit(FitRequest.of(line(30, 100, 0.5), 1)).forecast(12, 95);
        assertArrayEquals(lineAhead(30, 12, 100, 0.5), f.mean(), 1e-9);
        assertArrayEquals(f.mean(), f.lower(), 1e-9);
        assertArrayEquals(f.mean(), f.upper(), 1e-9);
    }

    @Test
    void sesForecastsAConstantExactly() {
        double[] y = new double[25];
        java.util.Arrays.fill(y, 42);
        Forecast f = new SesModel().fit(FitRequest.of(y, 1)).forecast(7, 80);
        for (int h = 0; h < 7; h++) {
            assertEquals(42, f.mean()[h], 1e-9);
            assertEquals(42, f.lower()[h], 1e-9);
            assertEquals(42, f.upper()[h], 1e-9);
        }
    }

    @Test
    void sesFollowsTheLastLevelOfAStepChange() {
        double[] y = new double[60];
        for (int t = 0; t < y.length; t++) {
            y[t] = t < 30 ? 10 : 20;
        }
        Forecast f = new SesModel().fit(FitRequest.of(y, 1)).forecast(3, 80);
        assertEquals(20, f.mean()[0], 1e-3);
        assertTrue((double) f.parameters().get("alpha") > 0.9);
    }

    @Test
    void seasonalNaiveRepeatsAPureSeason() {
        double[] pattern = {3, 7, 1, 9, 4, 6, 2};
        double[] y = new double[7 * 6 + 3];
        for (int t = 0; t < y.length; t++) {
            y[t] = pattern[t % 7];
        }
        Forecast f = new SeasonalNaiveModel().fit(FitRequest.of(y, 7)).forecast(10, 80);
        for (int h = 1; h <= 10; h++) {
            assertEquals(pattern[(y.length - 1 + h) % 7], f.mean()[h - 1], 1e-12);
            assertEquals(f.mean()[h - 1], f.lower()[h - 1], 1e-12);
        }
    }

    @Test
    void naiveRepeatsTheLastValue() {
        Forecast f = new NaiveModel().fit(FitRequest.of(new double[] {4, 8, 6, 5}, 1)).forecast(3, 80);
        assertArrayEquals(new double[] {5, 5, 5}, f.mean(), 0);
        // sigma = sqrt((16 + 4 + 1) / 3); 80% half-width at step 2 is 1.2816 * sigma * sqrt(2)
        double sigma = Math.sqrt(21.0 / 3);
        assertEquals(5 + 1.281552 * sigma * Math.sqrt(2), f.upper()[1], 1e-5);
    }

    @Test
    void thetaAddsHalfTheTrendToSesOnALine() {
        // On an exact line SES lags the line; theta's drift is half the slope per step.
        Forecast f = new ThetaModel().fit(FitRequest.of(line(100, 0, 1), 1)).forecast(20, 80);
        double step = f.mean()[19] - f.mean()[18];
        assertEquals(0.5, step, 1e-6);
        assertEquals(0.5, (double) f.parameters().get("drift"), 1e-9);
    }

    @Test
    void etsExtendsAStraightLineClosely() {
        Forecast f = new EtsModel().fit(FitRequest.of(line(80, 50, 3), 1)).forecast(10, 80);
        assertArrayEquals(lineAhead(80, 10, 50, 3), f.mean(), 1e-3 * 300);
    }

    @Test
    void etsChoosesASeasonalFormForASeasonalSeries() {
        Random random = new Random(7);
        double[] y = new double[144];
        for (int t = 0; t < y.length; t++) {
            y[t] = 100 + 0.2 * t + 10 * Math.sin(2 * Math.PI * t / 12) + random.nextGaussian();
        }
        Forecast f = new EtsModel().fit(FitRequest.of(y, 12)).forecast(12, 80);
        String form = (String) f.parameters().get("form");
        assertTrue(form.endsWith(",A)") || form.endsWith(",M)"), form);
        for (int h = 1; h <= 12; h++) {
            double truth = 100 + 0.2 * (143 + h) + 10 * Math.sin(2 * Math.PI * (143 + h) / 12);
            assertEquals(truth, f.mean()[h - 1], 2.5);
        }
    }

    @Test
    void sesOnASeasonalSeriesForecastsTheSeasonBackIn() {
        double[] y = new double[96];
        for (int t = 0; t < y.length; t++) {
            y[t] = 50 * (1 + 0.2 * Math.sin(2 * Math.PI * t / 12));
        }
        Forecast f = new SesModel().fit(FitRequest.of(y, 12)).forecast(12, 80);
        assertEquals("multiplicative", f.parameters().get("seasonalAdjustment"));
        for (int h = 1; h <= 12; h++) {
            assertEquals(y[(95 + h) % 12], f.mean()[h - 1], 0.5);
        }
    }

    @Test
    void dampedTrendLevelsOff() {
        Random random = new Random(3);
        double[] y = new double[120];
        for (int t = 0; t < y.length; t++) {
            y[t] = 10 + 0.3 * t + random.nextGaussian() * 0.5;
        }
        Forecast f = TrendModel.damped().fit(FitRequest.of(y, 1)).forecast(100, 80);
        double firstStep = f.mean()[1] - f.mean()[0];
        double lastStep = f.mean()[99] - f.mean()[98];
        assertTrue(lastStep < 0.5 * firstStep, "steps " + firstStep + " then " + lastStep);
        double phi = (double) f.parameters().get("phi");
        assertTrue(phi >= 0.8 && phi <= 0.98);
    }
}
