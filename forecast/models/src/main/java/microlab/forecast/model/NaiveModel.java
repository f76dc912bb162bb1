package microlab.forecast.model;

import microlab.forecast.numerics.Band;

import java.util.Map;

/** The random walk: every future value is the last one; the spread grows with the square root of the step. */
public final class NaiveModel extends StatisticalModel {

    public NaiveModel() {
        super("naive", "Random walk: every forecast is the last value; the benchmark every other model has to beat.",
                Season.NONE);
    }

    @Override
    public int minLength(int period, int horizon) {
        return 2;
    }

    @Override
    protected Core fitCore(double[] x, int period, boolean logScale) {
        int n = x.length;
        double ss = 0;
        for (int t = 1; t < n; t++) {
            double d = x[t] - x[t - 1];
            ss += d * d;
        }
        return new Fit(x[n - 1], Math.sqrt(ss / (n - 1)));
    }

    @Override
    protected Core readCore(ModelState.In in) {
        return new Fit(in.readDouble(), in.readDouble());
    }

    private record Fit(double last, double sigma) implements Core {

        @Override
        public Band forecast(int horizon, double level) {
            double[] mean = new double[horizon];
            double[] sd = new double[horizon];
            for (int h = 1; h <= horizon; h++) {
                mean[h - 1] = last;
                sd[h - 1] = sigma * Math.sqrt(h);
            }
            return Band.normal(mean, sd, level);
        }

        @Override
        public Map<String, Object> parameters() {
            return Map.of("sigma", sigma);
        }

        @Override
        public void write(ModelState.Out out) {
            out.writeDouble(last).writeDouble(sigma);
        }
    }
}
