package microlab.forecast.evaluation;

import microlab.forecast.model.Checks;
import microlab.forecast.model.FitRequest;
import microlab.forecast.model.Forecast;
import microlab.forecast.model.ForecastModel;
import microlab.forecast.model.InvalidSeriesException;
import microlab.forecast.numerics.Cancellation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rolling-origin evaluation, the one engine behind the backtest endpoint and auto's choice: the last
 * {@code folds} forecast origins, {@code horizon} apart, so the folds' test windows tile the end of the
 * series without overlap. Each fold fits on y[0..origin) and is scored on the next {@code horizon}
 * values. A model that cannot fit the shortest training window (too short for its season, say) is left out.
 */
public final class Backtest {

    private Backtest() {
    }

    /** One model's forecasts at each origin, and the time its fits and forecasts took. */
    public record Folds(Forecast[] forecasts, long nanos) {
    }

    /**
     * The errors of fold forecasts, each averaged over the folds (MASE scaled on each fold's training
     * part, NaN where that scale is zero), and the interval coverage per step ahead.
     */
    public record Scores(double mae, double smape, double mase, double coverage, double[] coverageByStep) {

        public static Scores of(Forecast[] forecasts, double[] y, int horizon, int period) {
            int folds = forecasts.length;
            int firstOrigin = y.length - folds * horizon;
            double mae = 0;
            double smape = 0;
            double mase = 0;
            int maseFolds = 0;
            double[] byStep = new double[horizon];
            for (int f = 0; f < folds; f++) {
                int origin = firstOrigin + f * horizon;
                double[] actual = Arrays.copyOfRange(y, origin, origin + horizon);
                Forecast forecast = forecasts[f];
                mae += Metrics.mae(actual, forecast.mean());
                smape += Metrics.smape(actual, forecast.mean());
                double m = Metrics.mase(actual, forecast.mean(), Arrays.copyOf(y, origin), period);
                if (!Double.isNaN(m)) {
                    mase += m;
                    maseFolds++;
                }
                for (int h = 0; h < horizon; h++) {
                    if (actual[h] >= forecast.lower()[h] && actual[h] <= forecast.upper()[h]) {
                        byStep[h] += 1.0 / folds;
                    }
                }
            }
            return new Scores(mae / folds, smape / folds, maseFolds > 0 ? mase / maseFolds : Double.NaN,
                    Arrays.stream(byStep).average().orElse(Double.NaN), byStep);
        }
    }

    /** The model's forecasts at the last {@code folds} origins; null when it cannot fit one of their windows. */
    public static Folds forecasts(ForecastModel model, double[] y, int[] periods, int horizon, int folds, double level) {
        int firstOrigin = y.length - folds * horizon;
        Forecast[] out = new Forecast[folds];
        long nanos = 0;
        for (int f = 0; f < folds; f++) {
            Cancellation.check();
            double[] train = Arrays.copyOf(y, firstOrigin + f * horizon);
            long start = System.nanoTime();
            try {
                out[f] = model.fit(FitRequest.of(train, periods, horizon)).forecast(horizon, level);
            } catch (IllegalArgumentException cannotRun) {
                return null;
            }
            nanos += System.nanoTime() - start;
        }
        return new Folds(out, nanos);
    }

    public static BacktestResult run(double[] y, int period, int horizon, int folds, double level, List<ForecastModel> models) {
        Checks.request(horizon, level);
        if (folds < 1) {
            throw new InvalidSeriesException("A backtest needs at least 1 fold; it was asked for " + folds + ".");
        }
        Checks.period(period);
        int firstOrigin = y.length - folds * horizon;
        if (firstOrigin < 2) {
            throw new InvalidSeriesException("A backtest of " + folds + " folds of horizon " + horizon + " needs at least "
                    + (folds * horizon + 2) + " points; the series has " + y.length + ".");
        }
        List<ModelScore> scores = new ArrayList<>();
        for (ForecastModel model : models) {
            if (firstOrigin < model.minLength(period, horizon)) {
                continue;
            }
            Folds run = forecasts(model, y, new int[] {period}, horizon, folds, level);
            if (run != null) {
                Scores s = Scores.of(run.forecasts(), y, horizon, period);
                scores.add(new ModelScore(model.name(), s.mae(), s.smape(), s.mase(), s.coverage(), s.coverageByStep(),
                        run.nanos() / 1_000_000));
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
}
