package microlab.forecast.model;

import microlab.forecast.evaluation.Metrics;
import microlab.forecast.selection.AutoModel;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MstlModelTest {

    private static final int DAY = 24;
    private static final int WEEK = 168;

    /**
     * Hourly load: a daily profile on a wandering level; with {@code weekend}, Saturdays and Sundays
     * run at that share of a weekday (a weekly cycle the daily period cannot see).
     */
    private static double[] hourly(int n, double weekend, long seed) {
        Random random = new Random(seed);
        double[] y = new double[n];
        double level = 100;
        for (int t = 0; t < n; t++) {
            level += 0.2 * random.nextGaussian();
            double day = 1 + 0.3 * Math.sin(2 * Math.PI * t / DAY);
            double week = (t / DAY) % 7 >= 5 ? weekend : 1;
            y[t] = level * day * week + random.nextGaussian();
        }
        return y;
    }

    /** Four weeks and five days of {@link #hourly} load, ending on a Friday at midnight, and the weekend after it. */
    private record Weekend(double[] train, double[] actual) {
        static final int LENGTH = 5 * DAY + 4 * WEEK;

        static Weekend ahead(long seed) {
            double[] all = hourly(LENGTH + 48, 0.6, seed);
            return new Weekend(Arrays.copyOf(all, LENGTH), Arrays.copyOfRange(all, LENGTH, LENGTH + 48));
        }
    }

    @Test
    void aPlantedWeeklyCycleIsFoundAndNoneWhereThereIsNone() {
        assertArrayEquals(new int[] {DAY, WEEK}, Seasonality.detect(hourly(900, 0.6, 1), DAY));
        assertArrayEquals(new int[] {DAY}, Seasonality.detect(hourly(900, 1.0, 1), DAY));
        // fewer than three weeks: too little to tell
        assertArrayEquals(new int[] {DAY}, Seasonality.detect(hourly(400, 0.6, 1), DAY));
        assertArrayEquals(new int[] {7}, Seasonality.detect(hourly(900, 0.6, 1), 7));
    }

    @Test
    void aWeekOfDaysIsFoundInDailySalesAndNotInARandomWalk() {
        Random random = new Random(3);
        double[] sales = new double[12 * 7];
        double[] walk = new double[sales.length];
        double price = 100;
        for (int t = 0; t < sales.length; t++) {
            sales[t] = 100 + (t % 7 >= 5 ? -30 : 0) + 5 * random.nextGaussian();
            price *= Math.exp(0.03 * random.nextGaussian());
            walk[t] = price;
        }
        assertArrayEquals(new int[] {7}, Seasonality.ofDays(sales));
        assertArrayEquals(new int[] {1}, Seasonality.ofDays(walk));
        // under eight weeks: too little to tell
        assertArrayEquals(new int[] {1}, Seasonality.ofDays(Arrays.copyOf(sales, 7 * 7)));
    }

    @Test
    void withTheWeeklyCycleTheWeekendIsForecastWhereSeasonalNaiveRepeatsAFriday() {
        Weekend weekend = Weekend.ahead(2);
        double[] train = weekend.train();
        double[] actual = weekend.actual();
        Forecast mstl = new MstlModel().fit(FitRequest.of(train, Seasonality.detect(train, DAY))).forecast(48, 80);
        Forecast daily = new MstlModel().fit(FitRequest.of(train, new int[] {DAY})).forecast(48, 80);
        Forecast snaive = new SeasonalNaiveModel().fit(FitRequest.of(train, DAY)).forecast(48, 80);
        assertEquals(List.of(DAY, WEEK), mstl.parameters().get("periods"));
        double mae = Metrics.mae(actual, mstl.mean());
        assertTrue(mae < 0.3 * Metrics.mae(actual, snaive.mean()), "mstl " + mae + ", snaive " + Metrics.mae(actual, snaive.mean()));
        assertTrue(mae < 0.3 * Metrics.mae(actual, daily.mean()), "mstl " + mae + ", daily only " + Metrics.mae(actual, daily.mean()));
        // the weekend runs at 60% of a weekday's load, whose mean level is about 100
        assertEquals(60, Arrays.stream(mstl.mean()).average().orElseThrow(), 8);
    }

    @Test
    void autoFindsTheWeeklyCycleOnItsOwnAndUsesIt() {
        Weekend weekend = Weekend.ahead(3);
        double[] train = weekend.train();
        double[] actual = weekend.actual();
        Forecast auto = new AutoModel().fit(FitRequest.of(train, DAY, 48)).forecast(48, 80);
        assertEquals(List.of(DAY, WEEK), auto.parameters().get("seasonalPeriods"));
        assertTrue(AutoModel.memberNames(auto.model()).contains("mstl"), auto.model());
        double snaive = Metrics.mae(actual, new SeasonalNaiveModel().fit(FitRequest.of(train, DAY)).forecast(48, 80).mean());
        assertTrue(Metrics.mae(actual, auto.mean()) < 0.6 * snaive, auto.model());

        Forecast plain = new AutoModel().fit(FitRequest.of(hourly(Weekend.LENGTH, 1.0, 3), DAY, 48)).forecast(48, 80);
        assertEquals(List.of(DAY), plain.parameters().get("seasonalPeriods"));
    }

    @Test
    void periodsTooLongForTheSeriesAreDroppedAndTheShortestKept() {
        assertArrayEquals(new int[] {DAY, WEEK}, Seasonality.fitting(new int[] {WEEK, DAY, DAY}, 2 * WEEK));
        assertArrayEquals(new int[] {DAY}, Seasonality.fitting(new int[] {DAY, WEEK}, 2 * WEEK - 1));
        Forecast f = new MstlModel().fit(FitRequest.of(hourly(300, 0.6, 4), new int[] {DAY, WEEK})).forecast(10, 80);
        assertEquals(List.of(DAY), f.parameters().get("periods"));
    }

    @Test
    void savedMstlAndAutoRestoreToTheSameForecast() {
        double[] y = hourly(Weekend.LENGTH, 0.6, 5);
        AutoModel meanOfTwo = new AutoModel(new AutoModel.Policy(true, true, AutoModel.COMB_MARGIN, true, AutoModel.MAX_FOLDS, 2));
        for (ForecastModel model : List.of(new MstlModel(), new AutoModel(), meanOfTwo)) {
            FittedModel fitted = model.fit(FitRequest.of(y, new int[] {DAY, WEEK}, 48));
            Forecast before = fitted.forecast(48, 90);
            Forecast after = model.restore(fitted.save()).forecast(48, 90);
            assertEquals(before.model(), after.model());
            assertArrayEquals(before.mean(), after.mean(), 0, model.name());
            assertArrayEquals(before.lower(), after.lower(), 0, model.name());
            assertArrayEquals(before.upper(), after.upper(), 0, model.name());
            assertEquals(before.parameters(), after.parameters(), model.name());
        }
        assertEquals(2, AutoModel.memberNames(meanOfTwo.fit(FitRequest.of(y, DAY, 48)).forecast(48, 80).model()).size());
    }

    @Test
    void withArimaTheRestKeepsItsPersistenceWhereSmoothingForgetsIt() {
        // a daily profile on a level that reverts to 100 slowly (AR(1), phi 0.97): the next hours stay near the last
        // deviation, a day later it has mostly faded; SES carries the deviation flat, an AR model lets it fade
        double sesError = 0;
        double arimaError = 0;
        for (long seed = 1; seed <= 6; seed++) {
            Random random = new Random(seed);
            int n = 30 * DAY + 48;
            double[] y = new double[n];
            double deviation = 0;
            for (int t = 0; t < n; t++) {
                deviation = 0.97 * deviation + 2 * random.nextGaussian();
                y[t] = 100 + 20 * Math.sin(2 * Math.PI * t / DAY) + deviation;
            }
            double[] train = Arrays.copyOf(y, n - 48);
            double[] actual = Arrays.copyOfRange(y, n - 48, n);
            sesError += Metrics.mae(actual, new MstlModel().fit(FitRequest.of(train, DAY)).forecast(48, 80).mean());
            arimaError += Metrics.mae(actual, MstlModel.withArima().fit(FitRequest.of(train, DAY)).forecast(48, 80).mean());
        }
        assertTrue(arimaError < 0.9 * sesError, "mstl-arima " + arimaError / 6 + " against mstl " + sesError / 6);
    }

    @Test
    void mstlArimaSettledAndSavedForecastsAsItWasFitted() {
        double[] y = hourly(6 * WEEK, 0.7, 21);
        ForecastModel model = MstlModel.withArima();
        assertEquals("mstl-arima", model.name());
        FittedModel fitted = model.settledOn(FitRequest.of(Arrays.copyOf(y, 4 * WEEK), new int[] {DAY, WEEK}, 48))
                .fit(FitRequest.of(y, new int[] {DAY, WEEK}));
        Forecast f = fitted.forecast(48, 80);
        assertEquals("mstl-arima", f.model());
        Forecast restored = model.restore(fitted.save()).forecast(48, 80);
        assertArrayEquals(f.mean(), restored.mean(), 0);
        assertArrayEquals(f.lower(), restored.lower(), 0);
    }
}
