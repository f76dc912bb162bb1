package microlab.forecast.numerics;


/**
 * Classical decomposition as in the M4 competition's benchmarks: a series counts as seasonal when its
 * autocorrelation at lag m passes a 90% test; then a centred moving average gives the trend-cycle and
 * the average ratio (or difference, on a log scale or with non-positive values) per position in the
 * season gives the seasonal index. Non-seasonal models run on the adjusted series and the forecasts
 * are put back into season.
 */
public record SeasonalAdjustment(int period, boolean multiplicative, double[] index, int length) {

    public static final SeasonalAdjustment NONE = new SeasonalAdjustment(1, false, new double[] {0.0}, 0);

    public boolean active() {
        return period > 1;
    }

    /** Whether x looks seasonal with period m (needs 3 full seasons, as in the M4 benchmark code). */
    public static boolean seasonal(double[] x, int m) {
        int n = x.length;
        if (m <= 1 || n < 3 * m) {
            return false;
        }
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= n;
        double c0 = 0;
        for (double v : x) {
            c0 += (v - mean) * (v - mean);
        }
        if (c0 == 0) {
            return false;
        }
        double sumSq = 0;
        double acfM = 0;
        for (int lag = 1; lag <= m; lag++) {
            double c = 0;
            for (int t = lag; t < n; t++) {
                c += (x[t] - mean) * (x[t - lag] - mean);
            }
            double r = c / c0;
            if (lag < m) {
                sumSq += r * r;
            } else {
                acfM = r;
            }
        }
        double limit = 1.645 * Math.sqrt((1 + 2 * sumSq) / n);
        return Math.abs(acfM) > limit;
    }

    /** The adjustment for x, or NONE when x is not seasonal with period m. */
    public static SeasonalAdjustment detect(double[] x, int m, boolean logScale) {
        if (!seasonal(x, m)) {
            return NONE;
        }
        boolean positive = true;
        for (double v : x) {
            positive &= v > 0;
        }
        return estimate(x, m, !logScale && positive);
    }

    public static SeasonalAdjustment estimate(double[] x, int m, boolean multiplicative) {
        int n = x.length;
        double[] trend = centredMovingAverage(x, m);
        double[] sum = new double[m];
        int[] count = new int[m];
        for (int t = 0; t < n; t++) {
            if (!Double.isNaN(trend[t])) {
                sum[t % m] += multiplicative ? x[t] / trend[t] : x[t] - trend[t];
                count[t % m]++;
            }
        }
        double[] index = new double[m];
        double mean = 0;
        for (int j = 0; j < m; j++) {
            index[j] = count[j] > 0 ? sum[j] / count[j] : (multiplicative ? 1 : 0);
            mean += index[j];
        }
        mean /= m;
        for (int j = 0; j < m; j++) {
            index[j] = multiplicative ? index[j] / mean : index[j] - mean;
        }
        return new SeasonalAdjustment(m, multiplicative, index, n);
    }

    /** The centred moving average over m values (2 x m for an even m); NaN where the window does not fit. */
    public static double[] centredMovingAverage(double[] x, int m) {
        int n = x.length;
        double[] out = new double[n];
        java.util.Arrays.fill(out, Double.NaN);
        int half = m / 2;
        for (int t = half; t < n - half; t++) {
            double s = 0;
            if (m % 2 == 1) {
                for (int i = t - half; i <= t + half; i++) {
                    s += x[i];
                }
                out[t] = s / m;
            } else {
                // A 2 x m average keeps the window centred for an even period.
                for (int i = t - half + 1; i < t + half; i++) {
                    s += x[i];
                }
                s += 0.5 * (x[t - half] + x[t + half]);
                out[t] = s / m;
            }
        }
        return out;
    }

    double factor(int t) {
        return index[Math.floorMod(t, period)];
    }

    public double[] remove(double[] x) {
        if (!active()) {
            return x;
        }
        double[] out = new double[x.length];
        for (int t = 0; t < x.length; t++) {
            out[t] = multiplicative ? x[t] / factor(t) : x[t] - factor(t);
        }
        return out;
    }

    /** Puts a forecast made on the adjusted series back into season (step 1 is time {@code length}). */
    public Band restore(Band band) {
        if (!active()) {
            return band;
        }
        int h = band.mean().length;
        double[] mean = new double[h];
        double[] lo = new double[h];
        double[] hi = new double[h];
        for (int i = 0; i < h; i++) {
            double f = factor(length + i);
            mean[i] = multiplicative ? band.mean()[i] * f : band.mean()[i] + f;
            lo[i] = multiplicative ? band.lower()[i] * f : band.lower()[i] + f;
            hi[i] = multiplicative ? band.upper()[i] * f : band.upper()[i] + f;
        }
        return new Band(mean, lo, hi);
    }
}
