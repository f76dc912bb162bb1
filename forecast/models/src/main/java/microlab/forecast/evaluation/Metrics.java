package microlab.forecast.evaluation;

import microlab.forecast.model.Forecast;

/**
 * Forecast accuracy as the M4 competition defines it. Each method averages over the steps of one
 * forecast; a backtest averages these over its folds.
 */
public final class Metrics {

    private Metrics() {
    }

    /** Mean absolute error. */
    public static double mae(double[] actual, double[] forecast) {
        requireSameLength(actual, forecast);
        double sum = 0;
        for (int i = 0; i < actual.length; i++) {
            sum += Math.abs(actual[i] - forecast[i]);
        }
        return sum / actual.length;
    }

    /** Symmetric MAPE in percent: mean of 200 |y - f| / (|y| + |f|); a step where both are 0 counts as 0. */
    public static double smape(double[] actual, double[] forecast) {
        requireSameLength(actual, forecast);
        double sum = 0;
        for (int i = 0; i < actual.length; i++) {
            double denominator = Math.abs(actual[i]) + Math.abs(forecast[i]);
            if (denominator > 0) {
                sum += 200 * Math.abs(actual[i] - forecast[i]) / denominator;
            }
        }
        return sum / actual.length;
    }

    /**
     * The MASE scale: mean over the training data of |x_t - x_{t-m}|. When the training data is not
     * longer than m, lag 1 is used instead so short series still get a scale.
     */
    public static double maseScale(double[] train, int m) {
        int lag = train.length > m ? m : 1;
        if (train.length <= lag) {
            throw new IllegalArgumentException("MASE needs at least " + (lag + 1) + " training points; there are " + train.length + ".");
        }
        double sum = 0;
        for (int t = lag; t < train.length; t++) {
            sum += Math.abs(train[t] - train[t - lag]);
        }
        return sum / (train.length - lag);
    }

    /** Mean absolute scaled error: mean of |y - f| / s with s = {@link #maseScale(double[], int)}; NaN when s is 0. */
    public static double mase(double[] actual, double[] forecast, double[] train, int m) {
        double scale = maseScale(train, m);
        return scale > 0 ? mae(actual, forecast) / scale : Double.NaN;
    }

    /** The share (0..1) of actual values inside [lower, upper]. */
    public static double coverage(double[] actual, double[] lower, double[] upper) {
        requireSameLength(actual, lower);
        requireSameLength(actual, upper);
        int inside = 0;
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] >= lower[i] && actual[i] <= upper[i]) {
                inside++;
            }
        }
        return inside / (double) actual.length;
    }

    private static void requireSameLength(double[] a, double[] b) {
        if (a.length == 0 || a.length != b.length) {
            throw new IllegalArgumentException("Metrics need two non-empty arrays of the same length; got " + a.length + " and " + b.length + ".");
        }
    }
}
