package microlab.forecast.model;

import microlab.forecast.numerics.Band;

import java.util.Map;

/** Seasonal naive: each future value repeats the value one season earlier. */
public final class SeasonalNaiveModel extends StatisticalModel {

    public SeasonalNaiveModel() {
        super("snaive", "Seasonal naive: every forecast repeats the value one season (period) earlier.",
                Season.OWN);
    }

    @Override
    protected Core fitCore(double[] x, int period, boolean logScale) {
        int n = x.length;
        double ss = 0;
        for (int t = period; t < n; t++) {
            double d = x[t] - x[t - period];
            ss += d * d;
        }
        double[] lastSeason = java.util.Arrays.copyOfRange(x, n - period, n);
        return new Fit(lastSeason, Math.sqrt(ss / (n - period)));
    }

    @Override
    protected Core readCore(ModelState.In in) {
        return new Fit(in.readDoubles(), in.readDouble());
    }

    private record Fit(double[] lastSeason, double sigma) implements Core {

        @Override
        public Band forecast(int horizon, double level) {
            int m = lastSeason.length;
            double[] mean = new double[horizon];
            double[] sd = new double[horizon];
            for (int h = 1; h <= horizon; h++) {
                mean[h - 1] = lastSeason[(h - 1) % m];
                sd[h - 1] = sigma * Math.sqrt((h - 1) / m + 1);
            }
            return Band.normal(mean, sd, level);
        }

        @Override
        public Map<String, Object> parameters() {
            return Map.of("period", lastSeason.length, "sigma", sigma);
        }

        @Override
        public void write(ModelState.Out out) {
            out.writeDoubles(lastSeason).writeDouble(sigma);
        }
    }
}
