package microlab.forecast.model;

import microlab.forecast.numerics.LogScale;
import microlab.forecast.numerics.SeasonalAdjustment;
import microlab.forecast.numerics.Series;

import java.util.Arrays;

/**
 * The seasonal periods of a series: the ones posted, and a longer cycle the data shows. A day of hours
 * (24) or half-hours (48) often sits inside a week (168, 336). With at least three weeks of data, the
 * series is detrended by a centred week-long mean, and the week counts as a cycle when the same hour a
 * week earlier predicts it clearly better than the same hour a day earlier (mean absolute difference
 * below {@link #MAX_WEEK_TO_DAY} of the daily one): then weekdays and weekends differ.
 */
public final class Seasonality {

    public static final int MAX_PERIODS = 4;
    static final double MAX_WEEK_TO_DAY = 0.8;
    private static final int WEEK = 7;

    private Seasonality() {
    }

    /** {@code period}, and after it the weekly cycle above it when y shows one. */
    public static int[] detect(double[] y, int period) {
        if (period != 24 && period != 48) {
            return new int[] {period};
        }
        int week = WEEK * period;
        if (y.length < 3 * week) {
            return new int[] {period};
        }
        double[] x = LogScale.prefers(y, period) ? Series.log(y) : y;
        double[] trend = SeasonalAdjustment.centredMovingAverage(x, week);
        double sameHourLastWeek = 0;
        double sameHourYesterday = 0;
        for (int t = week + week / 2; t < x.length - week / 2; t++) {
            double now = x[t] - trend[t];
            sameHourLastWeek += Math.abs(now - (x[t - week] - trend[t - week]));
            sameHourYesterday += Math.abs(now - (x[t - period] - trend[t - period]));
        }
        return sameHourLastWeek < MAX_WEEK_TO_DAY * sameHourYesterday ? new int[] {period, week} : new int[] {period};
    }

    /** Of the periods (ascending), those of which n values hold two full cycles; the shortest always stays. */
    static int[] fitting(int[] periods, int n) {
        int[] sorted = Arrays.stream(periods).sorted().distinct().toArray();
        int keep = 1;
        while (keep < sorted.length && 2 * sorted[keep] <= n) {
            keep++;
        }
        return Arrays.copyOf(sorted, keep);
    }
}
