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
 * below {@link #MAX_WEEK_TO_DAY} of the daily one): then weekdays and weekends differ. A daily series
 * (the stored assets) is tested the same way for a week of days ({@link #ofDays}).
 */
public final class Seasonality {

    public static final int MAX_PERIODS = 4;
    /**
     * On the tuning windows of bin/bench --hourly-set (OWA, real / generated): 0.8 found the week on too few of the
     * real series (0.785 / 0.811), 0.85 0.782 / 0.812, 0.9 0.769 / 0.820, 1.0 0.773 / 0.825; 0.9 has the best mean.
     */
    static final double MAX_WEEK_TO_DAY = 0.9;
    private static final int WEEK = 7;
    private static final int MIN_WEEKS_OF_DAYS = 8;

    private Seasonality() {
    }

    /** {@code period}, and after it the weekly cycle above it when y shows one. */
    public static int[] detect(double[] y, int period) {
        if ((period == 24 || period == 48) && showsWeek(y, period, 3)) {
            return new int[] {period, WEEK * period};
        }
        return new int[] {period};
    }

    /**
     * The seasons of a daily series: {7} when y shows a weekly cycle, by the same test with a day for the
     * hour and at least {@value #MIN_WEEKS_OF_DAYS} weeks of data, else {1} (no season).
     */
    public static int[] ofDays(double[] y) {
        return showsWeek(y, 1, MIN_WEEKS_OF_DAYS) ? new int[] {WEEK} : new int[] {1};
    }

    private static boolean showsWeek(double[] y, int day, int minWeeks) {
        int week = WEEK * day;
        if (y.length < minWeeks * week) {
            return false;
        }
        double[] x = LogScale.prefers(y, day) ? Series.log(y) : y;
        double[] trend = SeasonalAdjustment.centredMovingAverage(x, week);
        double sameTimeLastWeek = 0;
        double sameTimeDayBefore = 0;
        for (int t = week + week / 2; t < x.length - week / 2; t++) {
            double now = x[t] - trend[t];
            sameTimeLastWeek += Math.abs(now - (x[t - week] - trend[t - week]));
            sameTimeDayBefore += Math.abs(now - (x[t - day] - trend[t - day]));
        }
        return sameTimeLastWeek < MAX_WEEK_TO_DAY * sameTimeDayBefore;
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
