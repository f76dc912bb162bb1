package microlab.forecast.selection;

import microlab.forecast.evaluation.Metrics;
import microlab.forecast.evaluation.Naive2;
import microlab.forecast.model.FitRequest;
import microlab.forecast.model.FittedModel;
import microlab.forecast.model.Forecast;
import microlab.forecast.model.SesModel;
import microlab.forecast.model.TrendModel;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        Forecast f = new AutoModel().fit(FitRequest.of(y, 24, 48)).forecast(48, 80);
        for (String member : AutoModel.memberNames(f.model())) {
            assertFalse(Set.of("naive", "drift").contains(member), "auto chose " + f.model());
        }
        double[] truth = new double[48];
        for (int h = 1; h <= 48; h++) {
            truth[h - 1] = signal(n - 1 + h);
        }
        // Within noise of the true season: the season's own amplitude is 5, the noise 0.3.
        assertTrue(Metrics.mae(truth, f.mean()) < 0.6, f.model() + " mae " + Metrics.mae(truth, f.mean()));
        @SuppressWarnings("unchecked")
        Map<String, Double> mase = (Map<String, Double>) f.parameters().get("backtestMase");
        for (String member : AutoModel.memberNames(f.model())) {
            assertTrue(mase.get(member) < mase.get("naive"), member);
        }
        assertTrue(mase.containsKey("snaive"));
        assertTrue(mase.containsKey("mstl"));
    }

    @Test
    void forecastsASeasonalSeriesWithAPairOfItsBestCandidatesAndRestoresIt() {
        Random random = new Random(12);
        int n = 24 * 30;
        double[] y = new double[n];
        double e = 0;
        for (int t = 0; t < n; t++) {
            e = 0.7 * e + 0.5 * random.nextGaussian();
            y[t] = signal(t) + e;
        }
        AutoModel auto = new AutoModel();
        FittedModel fitted = auto.fit(FitRequest.of(y, 24, 48));
        Forecast f = fitted.forecast(48, 80);
        @SuppressWarnings("unchecked")
        Map<String, Double> score = (Map<String, Double>) f.parameters().get("backtestScore");
        java.util.List<String> pool = score.entrySet().stream().filter(s -> !s.getKey().equals("comb"))
                .sorted(Map.Entry.comparingByValue()).map(Map.Entry::getKey).limit(AutoModel.PAIR_POOL).toList();
        java.util.List<String> members = AutoModel.memberNames(f.model());
        assertEquals(2, members.size(), "a pair: " + f.model());
        assertTrue(pool.containsAll(members), f.model() + " is a pair of the " + AutoModel.PAIR_POOL + " best by backtest: " + score);
        assertTrue(score.containsKey("arima"), "arima is a candidate: " + score);
        Forecast restored = auto.restore(fitted.save()).forecast(48, 80);
        assertEquals(f.model(), restored.model());
        assertArrayEquals(f.mean(), restored.mean(), 0);
        assertArrayEquals(f.upper(), restored.upper(), 0);
    }

    @Test
    void picksATrendModelOnATrendingSeries() {
        Random random = new Random(10);
        double[] y = new double[200];
        for (int t = 0; t < y.length; t++) {
            y[t] = 5 + 0.8 * t + 0.5 * random.nextGaussian();
        }
        Forecast f = new AutoModel().fit(FitRequest.of(y, 1, 10)).forecast(10, 80);
        for (String member : AutoModel.memberNames(f.model())) {
            assertTrue(Set.of("drift", "holt", "damped", "theta", "ets").contains(member), "auto chose " + f.model());
        }
        assertEquals(5 + 0.8 * 209, f.mean()[9], 2.0);
    }

    @Test
    void savedAutoModelRestoresToTheSameChoiceAndForecast() {
        double[] y = new double[120];
        for (int t = 0; t < y.length; t++) {
            y[t] = 100 + 10 * Math.sin(t / 5.0) + t * 0.1;
        }
        AutoModel auto = new AutoModel();
        FittedModel fitted = auto.fit(FitRequest.of(y, 1, 7));
        Forecast before = fitted.forecast(7, 80);
        Forecast after = auto.restore(fitted.save()).forecast(7, 80);
        assertEquals(before.model(), after.model());
        assertArrayEquals(before.mean(), after.mean(), 0);
        assertArrayEquals(before.lower(), after.lower(), 0);
        assertArrayEquals(before.upper(), after.upper(), 0);
        assertEquals(before.parameters().get("backtestMase"), after.parameters().get("backtestMase"));
    }

    @Test
    void aSeriesTooShortForABacktestFallsBackToTheta() {
        Forecast f = new AutoModel().fit(FitRequest.of(new double[] {1, 2, 3, 5, 4, 6, 7, 6}, 1, 5)).forecast(5, 80);
        assertEquals("theta", f.model());
    }

    @Test
    void combIsTheMeanOfSesHoltAndDampedStepByStep() {
        Random random = new Random(12);
        double[] y = new double[24 * 12];
        for (int t = 0; t < y.length; t++) {
            y[t] = 50 + 0.05 * t + 8 * Math.sin(2 * Math.PI * t / 24) + random.nextGaussian();
        }
        Forecast comb = new CombModel().fit(FitRequest.of(y, 24)).forecast(30, 90);
        Forecast ses = new SesModel().fit(FitRequest.of(y, 24)).forecast(30, 90);
        Forecast holt = TrendModel.holt().fit(FitRequest.of(y, 24)).forecast(30, 90);
        Forecast damped = TrendModel.damped().fit(FitRequest.of(y, 24)).forecast(30, 90);
        for (int h = 0; h < 30; h++) {
            assertEquals((ses.mean()[h] + holt.mean()[h] + damped.mean()[h]) / 3, comb.mean()[h], 1e-9);
            assertEquals((ses.lower()[h] + holt.lower()[h] + damped.lower()[h]) / 3, comb.lower()[h], 1e-9);
            assertEquals((ses.upper()[h] + holt.upper()[h] + damped.upper()[h]) / 3, comb.upper()[h], 1e-9);
        }
        CombModel model = new CombModel();
        FittedModel fitted = model.fit(FitRequest.of(y, 24));
        assertArrayEquals(fitted.forecast(30, 90).mean(), model.restore(fitted.save()).forecast(30, 90).mean(), 0);
    }

    @Test
    void onSeasonalHourlySeriesAutoBeatsNaive2OnHeldOutData() {
        Random random = new Random(13);
        double smape = 0;
        double smape2 = 0;
        double mase = 0;
        double mase2 = 0;
        int series = 8;
        for (int s = 0; s < series; s++) {
            int n = 800 + 40 * s;
            double[] y = new double[n + 48];
            double level = 100;
            for (int t = 0; t < y.length; t++) {
                level += 0.3 * random.nextGaussian();
                // A daily profile whose shape drifts from one series to the next, on a wandering level.
                double profile = 1 + 0.4 * Math.sin(2 * Math.PI * t / 24 + s) + 0.15 * Math.cos(4 * Math.PI * t / 24);
                y[t] = level * profile + 2 * random.nextGaussian();
            }
            double[] train = java.util.Arrays.copyOf(y, n);
            double[] actual = java.util.Arrays.copyOfRange(y, n, n + 48);
            Forecast f = new AutoModel().fit(FitRequest.of(train, 24)).forecast(48, 80);
            double[] naive2 = Naive2.forecast(train, 24, 48);
            smape += Metrics.smape(actual, f.mean());
            smape2 += Metrics.smape(actual, naive2);
            mase += Metrics.mase(actual, f.mean(), train, 24);
            mase2 += Metrics.mase(actual, naive2, train, 24);
        }
        double owa = (smape / smape2 + mase / mase2) / 2;
        assertTrue(owa < 0.9, "auto's OWA against naive2 is " + owa);
    }

    @Test
    void autoForecastsTheSameWithItsCandidatesInParallelAsOneAfterAnother() {
        Random random = new Random(21);
        double[] y = new double[900];
        for (int t = 0; t < y.length; t++) {
            y[t] = 50 + 10 * Math.sin(2 * Math.PI * t / 24) + ((t / 24) % 7 >= 5 ? -15 : 0) + random.nextGaussian();
        }
        Forecast parallel = new AutoModel().fit(FitRequest.of(y, 24, 48)).forecast(48, 80);
        Forecast serial = new AutoModel(AutoModel.Policy.DEFAULT.serial()).fit(FitRequest.of(y, 24, 48)).forecast(48, 80);
        assertEquals(serial.model(), parallel.model());
        assertArrayEquals(serial.mean(), parallel.mean(), 0);
        assertArrayEquals(serial.upper(), parallel.upper(), 0);
        assertEquals(serial.parameters(), parallel.parameters());
    }
}
