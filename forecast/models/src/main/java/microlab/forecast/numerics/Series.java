package microlab.forecast.numerics;

/** Scale conversions and the least-squares line the models share. */
public final class Series {

    private Series() {
    }

    public static double[] log(double[] y) {
        double[] x = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            x[i] = Math.log(y[i]);
        }
        return x;
    }

    /** x[t + lag] - x[t] for every t: the series differenced at {@code lag}. */
    public static double[] difference(double[] x, int lag) {
        double[] w = new double[Math.max(0, x.length - lag)];
        for (int t = 0; t < w.length; t++) {
            w[t] = x[t + lag] - x[t];
        }
        return w;
    }

    /** The least-squares line through x[0..len) against t = 0..len-1: its slope, the mean of x and of t. */
    public record Line(double slope, double mean, double meanT) {
    }

    public static Line line(double[] x, int len) {
        double meanT = (len - 1) / 2.0;
        double mean = 0;
        for (int t = 0; t < len; t++) {
            mean += x[t];
        }
        mean /= len;
        double sxy = 0;
        double sxx = 0;
        for (int t = 0; t < len; t++) {
            sxy += (t - meanT) * (x[t] - mean);
            sxx += (t - meanT) * (t - meanT);
        }
        return new Line(sxx == 0 ? 0 : sxy / sxx, mean, meanT);
    }
}
