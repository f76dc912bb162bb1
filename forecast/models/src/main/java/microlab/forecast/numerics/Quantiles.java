package microlab.forecast.numerics;

import java.util.Arrays;

/** Interval bounds from simulated paths: the (100 - level)/2 and (100 + level)/2 percentiles at each step. */
public final class Quantiles {

    /** Paths simulated per forecast; the seed is fixed so a forecast is reproducible. */
    public static final int PATHS = 1000;
    public static final long SEED = 20180101L;

    private Quantiles() {
    }

    /** paths[p][h] holds path p at step h + 1; the mean row is given separately (the model's point forecast). */
    public static Band band(double[] mean, double[][] paths, double level) {
        int horizon = mean.length;
        double[] lower = new double[horizon];
        double[] upper = new double[horizon];
        double[] column = new double[paths.length];
        double lowP = (100 - level) / 200.0;
        double highP = (100 + level) / 200.0;
        for (int h = 0; h < horizon; h++) {
            for (int p = 0; p < paths.length; p++) {
                column[p] = paths[p][h];
            }
            Arrays.sort(column);
            lower[h] = percentile(column, lowP);
            upper[h] = percentile(column, highP);
        }
        return new Band(mean, lower, upper);
    }

    /** Linear interpolation between order statistics, as numpy's default percentile. */
    public static double percentile(double[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        if (i >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        double frac = pos - i;
        return sorted[i] + frac * (sorted[i + 1] - sorted[i]);
    }
}
