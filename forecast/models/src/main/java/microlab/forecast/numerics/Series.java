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
