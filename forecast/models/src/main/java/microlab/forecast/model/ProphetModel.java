package microlab.forecast.model;

import microlab.forecast.numerics.Band;
import microlab.forecast.numerics.L1Quadratic;
import microlab.forecast.numerics.Quantiles;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A port of Prophet's additive model with linear growth (Taylor and Letham, "Forecasting at scale",
 * 2018; facebook/prophet's prophet.stan and forecaster.py). The series is scaled by its largest
 * absolute value and time to [0, 1]; 25 potential changepoints sit on the first 80% of the rows; the
 * mean is (k + a(t)'delta) t + (m + a(t)'gamma) plus Fourier seasonality. The MAP fit with the
 * observation noise held fixed is least squares with an L1 penalty on delta (the Laplace(0, 0.05)
 * prior) and L2 penalties on beta (Normal(0, 10)) and on k and m (Normal(0, 5)): it is solved by
 * coordinate descent on the Gram matrix, alternating with the closed-form MAP of the noise under its
 * HalfNormal(0, 0.5) prior. Intervals simulate 1000 future trends with new changepoints drawn as
 * Prophet draws them, plus observation noise, from a fixed seed.
 *
 * <p>The series has no dates here, so time is counted in steps: the given period gets a Fourier
 * series of order 3 (period 7 and below), 4 (up to 24) or 10 (longer), capped at period / 2. Prophet's
 * automatic seasonalities are carried over where the period tells the data's frequency: a weekly
 * period (7) adds yearly seasonality (365.25 steps, order 10) once two years are there, an hourly
 * daily period (24) adds weekly seasonality (168 steps, order 3) once two weeks are there.
 */
public final class ProphetModel extends StatisticalModel {

    static final int CHANGEPOINTS = 25;
    static final double CHANGEPOINT_RANGE = 0.8;
    static final double CHANGEPOINT_PRIOR_SCALE = 0.05;
    static final double SEASONALITY_PRIOR_SCALE = 10.0;
    static final double TREND_PRIOR_SCALE = 5.0;
    static final double NOISE_PRIOR_SCALE = 0.5;

    public ProphetModel() {
        super("prophet", "Prophet-style additive model: piecewise-linear trend with sparse changepoints plus Fourier seasonality, MAP fit.",
                Season.NONE);
    }

    /** Not among auto's candidates: on the shipped closes it scored worst of all (2.11 times naive's MASE, bin/bench). */
    @Override
    public boolean inAuto() {
        return false;
    }

    @Override
    public int minLength(int period, int horizon) {
        return 10;
    }

    @Override
    protected Core fitCore(double[] x, int period, boolean logScale) {
        return fitSeries(x, period);
    }

    @Override
    protected Core readCore(ModelState.In in) {
        return Fit.read(in);
    }

    /** A Fourier seasonality: period in steps and order. */
    record Seasonality(double period, int order) {
    }

    static List<Seasonality> seasonalities(int period, int n) {
        List<Seasonality> list = new ArrayList<>();
        if (period > 1) {
            int order = Math.min(period / 2, period <= 7 ? 3 : period <= 24 ? 4 : 10);
            list.add(new Seasonality(period, Math.max(1, order)));
        }
        if (period == 7 && n >= 730) {
            list.add(new Seasonality(365.25, 10));
        }
        if (period == 24 && n >= 336) {
            list.add(new Seasonality(168, 3));
        }
        return list;
    }

    static Fit fitSeries(double[] x, int period) {
        int n = x.length;
        double yScale = 0;
        for (double v : x) {
            yScale = Math.max(yScale, Math.abs(v));
        }
        if (yScale == 0) {
            yScale = 1;
        }
        double[] ys = new double[n];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            ys[i] = x[i] / yScale;
            t[i] = i / (double) (n - 1);
        }
        int histSize = (int) Math.floor(n * CHANGEPOINT_RANGE);
        int count = Math.max(0, Math.min(CHANGEPOINTS, histSize - 1));
        double[] changepoints = new double[count];
        for (int j = 1; j <= count; j++) {
            int row = (int) Math.round((histSize - 1) * j / (double) count);
            changepoints[j - 1] = t[row];
        }
        List<Seasonality> seasons = seasonalities(period, n);
        int fourier = 0;
        for (Seasonality s : seasons) {
            fourier += 2 * s.order();
        }
        int p = 2 + count + fourier;
        double[][] design = new double[n][];
        for (int i = 0; i < n; i++) {
            design[i] = row(t[i], i, changepoints, seasons, p);
        }
        double[] theta = new double[p];
        // Prophet's initial values: the straight line through the first and the last point.
        theta[1] = (ys[n - 1] - ys[0]) / (t[n - 1] - t[0]);
        theta[0] = ys[0] - theta[1] * t[0];
        double sigma2;
        boolean constant = true;
        for (double v : ys) {
            constant &= v == ys[0];
        }
        if (constant) {
            sigma2 = 1e-18;
        } else {
            sigma2 = solve(design, ys, theta, count, p);
        }
        double[] delta = new double[count];
        System.arraycopy(theta, 2, delta, 0, count);
        double[] beta = new double[fourier];
        System.arraycopy(theta, 2 + count, beta, 0, fourier);
        return new Fit(yScale, n, theta[1], theta[0], changepoints, delta, seasons, beta, Math.sqrt(sigma2));
    }

    private static double[] row(double t, double tau, double[] changepoints, List<Seasonality> seasons, int p) {
        double[] r = new double[p];
        r[0] = 1;
        r[1] = t;
        int c = 2;
        for (double s : changepoints) {
            r[c++] = t >= s ? t - s : 0;
        }
        for (Seasonality season : seasons) {
            for (int k = 1; k <= season.order(); k++) {
                double angle = 2 * Math.PI * k * tau / season.period();
                r[c++] = Math.sin(angle);
                r[c++] = Math.cos(angle);
            }
        }
        return r;
    }

    /**
     * Alternates the exact penalised least-squares solution at fixed noise ({@link L1Quadratic}) with
     * the noise's closed-form MAP, until the noise settles. Returns the noise variance; theta holds
     * the coefficients.
     */
    private static double solve(double[][] design, double[] y, double[] theta, int changepoints, int p) {
        int n = y.length;
        double[][] gram = new double[p][p];
        double[] xty = new double[p];
        double yty = 0;
        for (int i = 0; i < n; i++) {
            double[] r = design[i];
            double yi = y[i];
            yty += yi * yi;
            for (int a = 0; a < p; a++) {
                double ra = r[a];
                if (ra == 0) {
                    continue;
                }
                xty[a] += ra * yi;
                double[] ga = gram[a];
                for (int b = a; b < p; b++) {
                    ga[b] += ra * r[b];
                }
            }
        }
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < a; b++) {
                gram[a][b] = gram[b][a];
            }
        }
        boolean[] l1 = new boolean[p];
        for (int j = 2; j < 2 + changepoints; j++) {
            l1[j] = true;
        }
        double sigma2 = 1.0;
        for (int outer = 0; outer < 100; outer++) {
            double[] ridge = new double[p];
            for (int j = 0; j < p; j++) {
                double scale = j < 2 ? TREND_PRIOR_SCALE : SEASONALITY_PRIOR_SCALE;
                ridge[j] = l1[j] ? 0 : sigma2 / (scale * scale);
            }
            L1Quadratic.minimize(gram, ridge, xty, l1, sigma2 / CHANGEPOINT_PRIOR_SCALE, theta);
            double rss = yty;
            for (int a = 0; a < p; a++) {
                double g = 0;
                for (int b = 0; b < p; b++) {
                    g += gram[a][b] * theta[b];
                }
                rss += theta[a] * (g - 2 * xty[a]);
            }
            rss = Math.max(rss, 0);
            // d/dsigma of n log sigma + RSS / (2 sigma^2) + sigma^2 / (2 * 0.5^2) = 0, solved for sigma^2.
            double c = 1.0 / (NOISE_PRIOR_SCALE * NOISE_PRIOR_SCALE);
            double next = Math.max((-n + Math.sqrt((double) n * n + 4 * c * rss)) / (2 * c), 1e-18);
            boolean settled = Math.abs(next - sigma2) <= 1e-8 * sigma2;
            sigma2 = next;
            if (settled) {
                break;
            }
        }
        return sigma2;
    }

    /** The fitted coefficients on the scaled series (time 0..1 over the history). */
    record Fit(double yScale, int n, double k, double m, double[] changepoints, double[] delta,
               List<Seasonality> seasons, double[] beta, double sigma) implements Core {

        double time(int step) {
            return (n - 1 + step) / (double) (n - 1);
        }

        /** The trend at scaled time t, on the scaled axis. */
        double trend(double t) {
            double g = k * t + m;
            for (int j = 0; j < changepoints.length; j++) {
                if (t >= changepoints[j]) {
                    g += delta[j] * (t - changepoints[j]);
                }
            }
            return g;
        }

        /** The seasonal part at step index tau (0 = first value of the history), on the scaled axis. */
        double seasonal(double tau) {
            double s = 0;
            int c = 0;
            for (Seasonality season : seasons) {
                for (int order = 1; order <= season.order(); order++) {
                    double angle = 2 * Math.PI * order * tau / season.period();
                    s += beta[c++] * Math.sin(angle);
                    s += beta[c++] * Math.cos(angle);
                }
            }
            return s;
        }

        @Override
        public Band forecast(int horizon, double level) {
            double[] mean = new double[horizon];
            for (int h = 1; h <= horizon; h++) {
                mean[h - 1] = (trend(time(h)) + seasonal(n - 1 + h)) * yScale;
            }
            double lastT = time(horizon);
            double lambda = 1e-8;
            for (double d : delta) {
                lambda += Math.abs(d) / delta.length;
            }
            SplittableRandom random = new SplittableRandom(Quantiles.SEED);
            double[][] paths = new double[Quantiles.PATHS][horizon];
            double rate = changepoints.length * (lastT - 1);
            for (double[] path : paths) {
                int newChanges = changepoints.length == 0 ? 0 : poisson(random, rate);
                double[] at = new double[newChanges];
                double[] size = new double[newChanges];
                for (int c = 0; c < newChanges; c++) {
                    at[c] = 1 + (lastT - 1) * random.nextDouble();
                    double u = random.nextDouble() - 0.5;
                    size[c] = -lambda * Math.signum(u) * Math.log(1 - 2 * Math.abs(u));
                }
                for (int h = 1; h <= horizon; h++) {
                    double t = time(h);
                    double extra = 0;
                    for (int c = 0; c < newChanges; c++) {
                        if (t >= at[c]) {
                            extra += size[c] * (t - at[c]);
                        }
                    }
                    path[h - 1] = mean[h - 1] + (extra + sigma * random.nextGaussian()) * yScale;
                }
            }
            return Quantiles.band(mean, paths, level);
        }

        private static int poisson(SplittableRandom random, double rate) {
            if (rate <= 0) {
                return 0;
            }
            if (rate > 500) {
                return (int) Math.max(0, Math.round(rate + Math.sqrt(rate) * random.nextGaussian()));
            }
            double limit = Math.exp(-rate);
            int k = 0;
            double product = random.nextDouble();
            while (product > limit) {
                k++;
                product *= random.nextDouble();
            }
            return k;
        }

        @Override
        public Map<String, Object> parameters() {
            Map<String, Object> p = new LinkedHashMap<>();
            int active = 0;
            for (double d : delta) {
                if (Math.abs(d) > 1e-6) {
                    active++;
                }
            }
            p.put("k", k);
            p.put("m", m);
            p.put("changepoints", changepoints.length);
            p.put("activeChangepoints", active);
            List<String> periods = new ArrayList<>();
            for (Seasonality s : seasons) {
                periods.add(s.period() + "/" + s.order());
            }
            p.put("seasonalities", periods);
            p.put("sigma", sigma * yScale);
            return p;
        }

        @Override
        public void write(ModelState.Out out) {
            out.writeDouble(yScale).writeInt(n).writeDouble(k).writeDouble(m).writeDoubles(changepoints).writeDoubles(delta);
            out.writeInt(seasons.size());
            for (Seasonality s : seasons) {
                out.writeDouble(s.period()).writeInt(s.order());
            }
            out.writeDoubles(beta).writeDouble(sigma);
        }

        static Fit read(ModelState.In in) {
            double yScale = in.readDouble();
            int n = in.readInt();
            double k = in.readDouble();
            double m = in.readDouble();
            double[] changepoints = in.readDoubles();
            double[] delta = in.readDoubles();
            int count = in.readInt();
            List<Seasonality> seasons = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                seasons.add(new Seasonality(in.readDouble(), in.readInt()));
            }
            return new Fit(yScale, n, k, m, changepoints, delta, List.copyOf(seasons), in.readDoubles(), in.readDouble());
        }
    }
}
