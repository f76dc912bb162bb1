package microlab.forecast.model;

import microlab.forecast.numerics.Band;

import java.util.Map;

/**
 * The random walk with drift: the line from the first to the last value, extended. The interval
 * includes the uncertainty of the estimated slope.
 */
public final class DriftModel extends StatisticalModel {

    public DriftModel() {
        super("drift", "Random walk with drift: extends the straight line through the first and the last value.",
                Season.NONE);
    }

    @Override
    public boolean extrapolatesTrend() {
        return true;
    }

    @Override
    protected Core fitCore(double[] x, int period, boolean logScale) {
        int n = x.length;
        double slope = (x[n - 1] - x[0]) / (n - 1);
        double ss = 0;
        for (int t = 1; t < n; t++) {
            double d = x[t] - x[t - 1] - slope;
            ss += d * d;
        }
        return new Fit(x[n - 1], slope, Math.sqrt(ss / (n - 2)), n);
    }

    @Override
    protected Core readCore(ModelState.In in) {
        return new Fit(in.readDouble(), in.readDouble(), in.readDouble(), in.readInt());
    }

    private record Fit(double last, double slope, double sigma, int n) implements Core {

        @Override
        public Band forecast(int horizon, double level) {
            double[] mean = new double[horizon];
            double[] sd = new double[horizon];
            for (int h = 1; h <= horizon; h++) {
                mean[h - 1] = last + h * slope;
                sd[h - 1] = sigma * Math.sqrt(h * (1.0 + h / (double) (n - 1)));
            }
            return Band.normal(mean, sd, level);
        }

        @Override
        public Map<String, Object> parameters() {
            return Map.of("slope", slope, "sigma", sigma);
        }

        @Override
        public void write(ModelState.Out out) {
            out.writeDouble(last).writeDouble(slope).writeDouble(sigma).writeInt(n);
        }
    }
}
