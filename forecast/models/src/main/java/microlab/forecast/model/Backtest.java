package microlab.forecast.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Rolling-origin evaluation: the last {@code folds} forecast origins, {@code horizon} apart, so the
 * folds' test windows tile the end of the series without overlap. Each fold fits on y[0..origin) and
 * scores the next {@code horizon} values. A model that cannot fit the shortest training window (too
 * short for its season, say) is left out.
 */
public final class Backtest {

    private Backtest() {
    }

    public static BacktestResult run(double[] y, int period, int horizon, int folds, double level, List<ForecastModel> models) {
        Series.checkRequest(horizon, level);
        if (folds < 1) {
            throw new IllegalArgumentException("A backtest needs at least 1 fold; it was asked for " + folds + ".");
        }
        if (period < 1) {
            throw new IllegalArgumentException("The seasonal period must be at least 1 (1 means no season); it is " + period + ".");
        }
        int firstOrigin = y.length - folds * horizon;
        if (firstOrigin < 2) {
            throw new IllegalArgumentException("A backtest of " + folds + " folds of horizon " + horizon + " needs at least "
                    + (folds * horizon + 2) + " points; the series has " + y.length + ".");
        }
        List<ModelScore> scores = new ArrayList<>();
        for (ForecastModel model : models) {
            if (firstOrigin < model.minLength(period, horizon)) {
                continue;
            }
            ModelScore score = score(model, y, period, horizon, folds, level, firstOrigin);
            if (score != null) {
                scores.add(score);
            }
        }
        String winner = null;
        double best = Double.POSITIVE_INFINITY;
        for (ModelScore s : scores) {
            if (s.mase() < best) {
                best = s.mase();
                winner = s.model();
            }
        }
        return new BacktestResult(horizon, folds, List.copyOf(scores), winner);
    }

    private static ModelScore score(ForecastModel model, double[] y, int period, int horizon, int folds, double level, int firstOrigin) {
        double mae = 0;
        double smape = 0;
        double mase = 0;
        int maseFolds = 0;
        double coverage = 0;
        long nanos = 0;
        for (int f = 0; f < folds; f++) {
            Cancellation.check();
            int origin = firstOrigin + f * horizon;
            double[] train = java.util.Arrays.copyOfRange(y, 0, origin);
            double[] actual = java.util.Arrays.copyOfRange(y, origin, origin + horizon);
            long start = System.nanoTime();
            Forecast forecast;
            try {
                forecast = model.fit(train, period, horizon).forecast(horizon, level);
            } catch (IllegalArgumentException cannotRun) {
                return null;
            }
            nanos += System.nanoTime() - start;
            mae += Metrics.mae(actual, forecast.mean());
            smape += Metrics.smape(actual, forecast.mean());
            double m = Metrics.mase(actual, forecast.mean(), train, period);
            if (!Double.isNaN(m)) {
                mase += m;
                maseFolds++;
            }
            coverage += Metrics.coverage(actual, forecast.lower(), forecast.upper());
        }
        return new ModelScore(model.name(), mae / folds, smape / folds,
                maseFolds > 0 ? mase / maseFolds : Double.NaN, coverage / folds, nanos / 1_000_000);
    }
}
