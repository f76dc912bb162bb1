package microlab.forecast.model.lstm;

/**
 * The additive season of a series on the modelling scale (so a multiplicative one on prices modelled
 * in logs), taken out before the network sees the series and put back into its forecast.
 *
 * <p>A small network learns a 24-step daily cycle slowly from a thousand windows and forecast hourly
 * data worse than the seasonal naive method; with the cycle removed it only has to learn what is
 * left. The season is estimated by classical decomposition (centred moving average, the mean
 * deviation from it at each position) and used only if the detrended series is autocorrelated at lag
 * {@code period} at the 90% level, the test the M4 competition's benchmarks apply.
 *
 * @param offsets {@code offsets[i]} belongs to the times {@code t} with {@code t % period == i}
 */
record SeasonalProfile(double[] offsets) {

    static final SeasonalProfile NONE = new SeasonalProfile(new double[] {0.0});

    int period() {
        return offsets.length;
    }

    double at(long t) {
        return offsets[(int) (t % offsets.length)];
    }

    static SeasonalProfile estimate(double[] z, int period) {
        int n = z.length;
        if (period < 2 || n < 3 * period) {
            return NONE;
        }
        double[] detrended = new double[n];
        boolean[] defined = new boolean[n];
        int half = period / 2;
        for (int t = half; t < n - half; t++) {
            double sum = 0;
            if (period % 2 == 0) {
                sum = (z[t - half] + z[t + half]) / 2;
                for (int k = t - half + 1; k < t + half; k++) {
                    sum += z[k];
                }
            } else {
                for (int k = t - half; k <= t + half; k++) {
                    sum += z[k];
                }
            }
            detrended[t] = z[t] - sum / period;
            defined[t] = true;
        }
        if (!significant(detrended, half, n - half, period)) {
            return NONE;
        }
        double[] offsets = new double[period];
        int[] counts = new int[period];
        for (int t = 0; t < n; t++) {
            if (defined[t]) {
                offsets[t % period] += detrended[t];
                counts[t % period]++;
            }
        }
        double mean = 0;
        for (int i = 0; i < period; i++) {
            offsets[i] /= counts[i];
            mean += offsets[i] / period;
        }
        for (int i = 0; i < period; i++) {
            offsets[i] -= mean;
        }
        return new SeasonalProfile(offsets);
    }

    /** Whether x[from..to) has an autocorrelation at lag m beyond the 90% limit. */
    private static boolean significant(double[] x, int from, int to, int m) {
        int n = to - from;
        double mean = 0;
        for (int t = from; t < to; t++) {
            mean += x[t] / n;
        }
        double variance = 0;
        for (int t = from; t < to; t++) {
            variance += (x[t] - mean) * (x[t] - mean);
        }
        if (!(variance > 0)) {
            return false;
        }
        double squares = 0;
        double atLag = 0;
        for (int k = 1; k <= m; k++) {
            double sum = 0;
            for (int t = from; t + k < to; t++) {
                sum += (x[t] - mean) * (x[t + k] - mean);
            }
            double r = sum / variance;
            if (k < m) {
                squares += r * r;
            } else {
                atLag = r;
            }
        }
        return Math.abs(atLag) > 1.645 * Math.sqrt((1 + 2 * squares) / n);
    }
}
