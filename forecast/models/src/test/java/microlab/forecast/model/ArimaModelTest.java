package microlab.forecast.model;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArimaModelTest {

    private final ArimaModel arima = new ArimaModel();

    @Test
    void anAutoregressionOfOrderOneIsFoundAndForecastTowardsItsMean() {
        Random random = new Random(5);
        double[] y = new double[600];
        double deviation = 0;
        for (int t = 0; t < y.length; t++) {
            deviation = 0.7 * deviation + random.nextGaussian();
            y[t] = 50 + deviation;
        }
        Forecast f = arima.fit(FitRequest.of(y, 1)).forecast(20, 80);
        assertEquals("(1,0,0) with mean", f.parameters().get("order"));
        double last = y[y.length - 1] - 50;
        assertEquals(50 + 0.7 * last, f.mean()[0], 0.15);
        assertEquals(50, f.mean()[19], 0.3, "twenty steps on, the forecast is back at the mean");
        assertEquals(1.0, (double) f.parameters().get("sigma"), 0.1);
    }

    @Test
    void aRandomWalkWithDriftIsDifferencedOnceAndKeepsItsDrift() {
        Random random = new Random(6);
        double[] y = new double[600];
        double level = 100;
        for (int t = 0; t < y.length; t++) {
            level += 0.5 + random.nextGaussian();
            y[t] = level;
        }
        Forecast f = arima.fit(FitRequest.of(y, 1)).forecast(10, 95);
        assertTrue(((String) f.parameters().get("order")).startsWith("(0,1,0)"), f.parameters().toString());
        assertEquals(5, f.mean()[9] - y[y.length - 1], 1.0, "ten steps of a drift of 0.5");
        // a random walk's interval grows with the square root of the horizon
        double first = f.upper()[0] - f.mean()[0];
        double tenth = f.upper()[9] - f.mean()[9];
        assertEquals(Math.sqrt(10), tenth / first, 0.05);
    }

    @Test
    void aStrongDailySeasonIsDifferencedAwayAndForecastClosely() {
        Random random = new Random(7);
        double[] y = new double[1000];
        for (int t = 0; t < y.length; t++) {
            y[t] = 100 + 20 * Math.sin(2 * Math.PI * t / 24) + 3 * random.nextGaussian();
        }
        Forecast f = arima.fit(FitRequest.of(y, 24)).forecast(48, 80);
        assertTrue(((String) f.parameters().get("order")).contains(",1,") && ((String) f.parameters().get("order")).endsWith("[24]"),
                f.parameters().toString());
        double error = 0;
        for (int h = 0; h < 48; h++) {
            double truth = 100 + 20 * Math.sin(2 * Math.PI * (y.length + h) / 24);
            error += Math.abs(f.mean()[h] - truth);
        }
        assertTrue(error / 48 < 1.5, "mean error against the noise-free season: " + error / 48);
    }

    @Test
    void aSavedFitForecastsExactlyAsTheOriginal() {
        Random random = new Random(8);
        double[] y = new double[400];
        for (int t = 0; t < y.length; t++) {
            y[t] = 10 + Math.sin(2 * Math.PI * t / 12) + 0.01 * t + 0.3 * random.nextGaussian();
        }
        FittedModel fitted = arima.fit(FitRequest.of(y, 12));
        Forecast original = fitted.forecast(30, 90);
        Forecast restored = arima.restore(fitted.save()).forecast(30, 90);
        assertArrayEquals(original.mean(), restored.mean(), 0);
        assertArrayEquals(original.lower(), restored.lower(), 0);
        assertEquals(original.parameters(), restored.parameters());
    }

    @Test
    void settledOnAStretchKeepsItsOrdersAndStillFitsTheRest() {
        Random random = new Random(11);
        double[] y = new double[900];
        double e = 0;
        for (int t = 0; t < y.length; t++) {
            e = 0.6 * e + random.nextGaussian();
            y[t] = 100 + 20 * Math.sin(2 * Math.PI * t / 24) + 3 * e;
        }
        double[] first = java.util.Arrays.copyOf(y, 500);
        String searched = (String) arima.fit(FitRequest.of(first, 24)).forecast(48, 80).parameters().get("order");
        ForecastModel settled = arima.settledOn(FitRequest.of(first, 24, 48));
        assertEquals("arima", settled.name());
        // on the values it was settled on, the same model as a search finds
        Forecast same = settled.fit(FitRequest.of(first, 24)).forecast(48, 80);
        assertEquals(searched, same.parameters().get("order"));
        // on the whole series: those orders, coefficients estimated again, and a forecast as close as a full search's
        Forecast refit = settled.fit(FitRequest.of(y, 24)).forecast(48, 80);
        Forecast full = arima.fit(FitRequest.of(y, 24)).forecast(48, 80);
        assertEquals(searched, refit.parameters().get("order"));
        double refitError = 0;
        double fullError = 0;
        for (int h = 0; h < 48; h++) {
            double truth = 100 + 20 * Math.sin(2 * Math.PI * (y.length + h) / 24);
            refitError += Math.abs(refit.mean()[h] - truth) / 48;
            fullError += Math.abs(full.mean()[h] - truth) / 48;
        }
        assertTrue(refitError < fullError * 1.2 + 0.5, "settled " + refitError + " against searched " + fullError);
    }
}
