package microlab.forecast.numerics;

/**
 * Decides whether a series is better modelled as log(y). Cuts the series into segments, measures each
 * segment's level (mean) and spread (standard deviation of its first differences), and fits
 * log(spread) = c + b log(level): b near 1 means the noise grows with the level (prices), so the log
 * makes it even; b near 0 means it does not. This is Guerrero's idea for choosing a Box-Cox lambda
 * (lambda = 1 - b), restricted to the two values 1 (raw) and 0 (log).
 */
public final class LogScale {

    private static final int MIN_SEGMENT = 8;
    private static final int MIN_SEGMENTS = 4;

    private LogScale() {
    }

    public static boolean prefers(double[] y, int period) {
        for (double v : y) {
            if (!(v > 0)) {
                return false;
            }
        }
        int segment = Math.max(MIN_SEGMENT, 2 * period);
        int count = y.length / segment;
        if (count < MIN_SEGMENTS) {
            return false;
        }
        segment = y.length / count;
        double[] logLevel = new double[count];
        double[] logSpread = new double[count];
        int used = 0;
        double minLevel = Double.POSITIVE_INFINITY;
        double maxLevel = 0;
        // Segments are aligned to the end so the most recent data always takes part.
        int start0 = y.length - count * segment;
        for (int s = 0; s < count; s++) {
            int from = start0 + s * segment;
            double level = 0;
            for (int i = from; i < from + segment; i++) {
                level += y[i];
            }
            level /= segment;
            double mean = 0;
            for (int i = from + 1; i < from + segment; i++) {
                mean += y[i] - y[i - 1];
            }
            mean /= segment - 1;
            double ss = 0;
            for (int i = from + 1; i < from + segment; i++) {
                double d = y[i] - y[i - 1] - mean;
                ss += d * d;
            }
            double spread = Math.sqrt(ss / (segment - 2));
            minLevel = Math.min(minLevel, level);
            maxLevel = Math.max(maxLevel, level);
            if (spread > 0) {
                logLevel[used] = Math.log(level);
                logSpread[used] = Math.log(spread);
                used++;
            }
        }
        // Over a narrow range of levels the log and the raw scale differ too little to matter.
        if (used < MIN_SEGMENTS || maxLevel < 1.5 * minLevel) {
            return false;
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < used; i++) {
            mx += logLevel[i];
            my += logSpread[i];
        }
        mx /= used;
        my /= used;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < used; i++) {
            sxy += (logLevel[i] - mx) * (logSpread[i] - my);
            sxx += (logLevel[i] - mx) * (logLevel[i] - mx);
        }
        return sxx > 0 && sxy / sxx > 0.5;
    }
}
