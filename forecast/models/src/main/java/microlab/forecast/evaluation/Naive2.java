package microlab.forecast.evaluation;

import microlab.forecast.numerics.Band;
import microlab.forecast.numerics.SeasonalAdjustment;

import java.util.Arrays;

/**
 * Naive2, the M4 competition's yardstick for OWA: the last seasonally adjusted value, put back into
 * season (classical multiplicative decomposition, used only when the series shows the season).
 */
public final class Naive2 {

    private Naive2() {
    }

    /** The mean forecast of Naive2 for the {@code horizon} steps after {@code train}, with seasonal period {@code period}. */
    public static double[] forecast(double[] train, int period, int horizon) {
        SeasonalAdjustment season = SeasonalAdjustment.seasonal(train, period)
                ? SeasonalAdjustment.estimate(train, period, true) : SeasonalAdjustment.NONE;
        double[] adjusted = season.remove(train);
        double[] mean = new double[horizon];
        Arrays.fill(mean, adjusted[adjusted.length - 1]);
        return season.restore(new Band(mean, mean.clone(), mean.clone())).mean();
    }
}
