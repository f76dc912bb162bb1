package microlab.forecast.numerics;

/**
 * The KPSS test of level stationarity (Kwiatkowski, Phillips, Schmidt and Shin, 1992), as auto ARIMA
 * uses it to choose the number of differences: the statistic is the sum of squared partial sums of
 * the demeaned series over n squared times its long-run variance (Newey-West, with
 * 4 (n/100)^(1/4) lags); above the 5% critical value 0.463 the series is taken as not stationary.
 */
public final class Kpss {

    static final double CRITICAL_5_PERCENT = 0.463;

    private Kpss() {
    }

    public static double statistic(double[] x) {
        int n = x.length;
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= n;
        double[] e = new double[n];
        for (int t = 0; t < n; t++) {
            e[t] = x[t] - mean;
        }
        double sumOfPartialSquares = 0;
        double partial = 0;
        for (double v : e) {
            partial += v;
            sumOfPartialSquares += partial * partial;
        }
        int lags = (int) Math.floor(4 * Math.pow(n / 100.0, 0.25));
        double variance = 0;
        for (double v : e) {
            variance += v * v;
        }
        variance /= n;
        for (int l = 1; l <= lags && l < n; l++) {
            double c = 0;
            for (int t = l; t < n; t++) {
                c += e[t] * e[t - l];
            }
            variance += 2 * (1 - l / (lags + 1.0)) * c / n;
        }
        return variance > 0 ? sumOfPartialSquares / ((double) n * n * variance) : 0;
    }

    /** The differences (0, 1 or 2) after which the series passes the test. */
    public static int differences(double[] x) {
        int d = 0;
        double[] w = x;
        while (d < 2 && w.length > 10 && statistic(w) > CRITICAL_5_PERCENT) {
            w = Series.difference(w, 1);
            d++;
        }
        return d;
    }
}
