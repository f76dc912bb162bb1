package microlab.forecast.model;

import microlab.forecast.numerics.Band;
import microlab.forecast.numerics.Minimizer;
import microlab.forecast.numerics.Quantiles;
import microlab.forecast.numerics.SeasonalAdjustment;
import microlab.forecast.numerics.Series;
import microlab.forecast.numerics.TrendSmoothing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Exponential smoothing in state-space form (Hyndman et al., "Forecasting with Exponential
 * Smoothing", 2008), choosing the form with the lowest AICc among:
 * error A or M; trend N, A or Ad (damped); season N, A or M when the period is 2..52 and the series
 * holds at least three seasons. On the log scale only additive forms are tried (the log already makes
 * the structure multiplicative); on a raw series with a value at or below zero only additive-error
 * forms; a multiplicative season only with a multiplicative error. The non-seasonal additive forms are
 * fitted exactly by {@link TrendSmoothing}; the others by Nelder-Mead over the smoothing weights and
 * the initial level and slope, with the initial season from a classical decomposition of the first
 * seasons. Intervals are analytic for additive forms and simulated (1000 paths, fixed seed) otherwise.
 */
public final class EtsModel extends StatisticalModel {

    private static final int MAX_SEASON = 52;

    public EtsModel() {
        super("ets", "Exponential smoothing state-space family (error, trend, season each additive, multiplicative or none) chosen by AICc.",
                Season.NONE);
    }

    /** One member of the family, written as in ETS(A,Ad,N). */
    record Form(char error, char trend, char season) {
        boolean damped() {
            return trend == 'D';
        }

        boolean hasTrend() {
            return trend != 'N';
        }

        boolean additive() {
            return error == 'A' && season != 'M';
        }

        String label() {
            return "ETS(" + error + "," + (damped() ? "Ad" : String.valueOf(trend)) + "," + season + ")";
        }
    }

    @Override
    public int minLength(int period, int horizon) {
        return 6;
    }

    @Override
    protected Core fitCore(double[] x, int period, boolean logScale) {
        boolean positive = true;
        for (double v : x) {
            positive &= v > 0;
        }
        return fitForms(x, period, positive && !logScale);
    }

    @Override
    protected Core readCore(ModelState.In in) {
        return Fit.read(in);
    }

    static List<Form> forms(int n, int period, boolean multiplicativeAllowed) {
        List<Form> forms = new ArrayList<>();
        boolean seasonalAllowed = period > 1 && period <= MAX_SEASON && n >= 3 * period;
        char[] errors = multiplicativeAllowed ? new char[] {'A', 'M'} : new char[] {'A'};
        for (char error : errors) {
            for (char trend : new char[] {'N', 'A', 'D'}) {
                forms.add(new Form(error, trend, 'N'));
                if (seasonalAllowed) {
                    forms.add(new Form(error, trend, error == 'M' ? 'M' : 'A'));
                }
            }
        }
        return forms;
    }

    static Fit fitForms(double[] x, int period, boolean multiplicativeAllowed) {
        Fit best = null;
        for (Form form : forms(x.length, period, multiplicativeAllowed)) {
            Fit fit = fitForm(x, period, form);
            if (fit != null && (best == null || fit.aicc() < best.aicc())) {
                best = fit;
            }
        }
        return best;
    }

    static Fit fitForm(double[] x, int period, Form form) {
        int n = x.length;
        int m = form.season() == 'N' ? 1 : period;
        int k = 1 + (form.hasTrend() ? 1 : 0) + (form.damped() ? 1 : 0) + (m > 1 ? 1 : 0)
                + 1 + (form.hasTrend() ? 1 : 0) + (m > 1 ? m - 1 : 0) + 1;
        if (n <= k + 1) {
            return null;
        }
        if (form.error() == 'A' && form.season() == 'N') {
            TrendSmoothing.Run run = form.hasTrend() ? TrendSmoothing.trend(x, form.damped()) : TrendSmoothing.ses(x);
            double sse = Math.max(run.sse(), 1e-300);
            double logLik2 = n * Math.log(2 * Math.PI * sse / n) + n;
            return new Fit(form, run.alpha(), run.beta(), 0, run.phi(), run.level(), run.slope(), new double[] {0},
                    Math.sqrt(sse / Math.max(1, n - k)), aicc(logLik2, k, n));
        }
        Engine engine = new Engine(x, form, m);
        double[] start = engine.start();
        double[] best = Minimizer.nelderMead(engine::objective, start, 1.0, 150 * start.length);
        Fit fit = engine.fit(best, k);
        return Double.isFinite(fit.aicc()) ? fit : null;
    }

    private static double aicc(double minusTwoLogLik, int k, int n) {
        return minusTwoLogLik + 2 * k + 2.0 * k * (k + 1) / (n - k - 1);
    }

    /** Runs one form over the series for a parameter vector (smoothing weights in logit space, l0, b0). */
    private static final class Engine {
        private final double[] x;
        private final Form form;
        private final int m;
        private final double[] season0;
        private final double level0;
        private final double slope0;
        private final double scale;
        private final double[] s;

        Engine(double[] x, Form form, int m) {
            this.x = x;
            this.form = form;
            this.m = m;
            int n = x.length;
            double[] head;
            if (m > 1) {
                int seasons = Math.min(4, n / m);
                double[] first = java.util.Arrays.copyOf(x, seasons * m);
                season0 = SeasonalAdjustment.estimate(first, m, form.season() == 'M').index();
            } else {
                season0 = new double[] {form.season() == 'M' ? 1 : 0};
            }
            int len = Math.min(n, Math.max(10, 2 * m));
            head = new double[len];
            for (int t = 0; t < len; t++) {
                double f = season0[t % season0.length];
                head[t] = form.season() == 'M' ? x[t] / f : form.season() == 'A' ? x[t] - f : x[t];
            }
            Series.Line line = Series.line(head, len);
            double mh = line.mean();
            double b = form.hasTrend() ? line.slope() : 0;
            // The state at time 0 precedes the first value, one step before the regression's t = 0.
            slope0 = b;
            level0 = mh - b * (line.meanT() + 1);
            double ss = 0;
            for (int t = 1; t < n; t++) {
                ss += (x[t] - x[t - 1]) * (x[t] - x[t - 1]);
            }
            scale = Math.max(Math.sqrt(ss / (n - 1)), 1e-8 * Math.abs(mh) + 1e-12);
            s = new double[m];
        }

        double[] start() {
            List<Double> u = new ArrayList<>();
            u.add(Minimizer.logit(0.3, TrendSmoothing.MIN_ALPHA, TrendSmoothing.MAX_ALPHA));
            if (form.hasTrend()) {
                u.add(-2.0);
            }
            if (m > 1) {
                u.add(-2.0);
            }
            if (form.damped()) {
                u.add(1.0);
            }
            u.add(0.0);
            if (form.hasTrend()) {
                u.add(0.0);
            }
            return u.stream().mapToDouble(Double::doubleValue).toArray();
        }

        /** alpha, beta, gamma, phi, l0, b0 decoded from u. */
        double[] decode(double[] u) {
            int i = 0;
            double alpha = Minimizer.logistic(u[i++], TrendSmoothing.MIN_ALPHA, TrendSmoothing.MAX_ALPHA);
            double beta = form.hasTrend() ? Minimizer.logistic(u[i++], 1e-4 * alpha, alpha) : 0;
            double gamma = m > 1 ? Minimizer.logistic(u[i++], 1e-4 * (1 - alpha), 1 - alpha) : 0;
            double phi = form.damped() ? Minimizer.logistic(u[i++], TrendSmoothing.MIN_PHI, TrendSmoothing.MAX_PHI) : 1;
            double l0 = level0 + scale * u[i++];
            double b0 = form.hasTrend() ? slope0 + 0.1 * scale * u[i] : 0;
            return new double[] {alpha, beta, gamma, phi, l0, b0};
        }

        double objective(double[] u) {
            double[] p = decode(u);
            double[] out = run(p);
            return out == null ? Double.MAX_VALUE : out[0];
        }

        /** Returns {-2 log L, sum of squared errors, l, b} or null when the mean leaves the admissible range. */
        double[] run(double[] p) {
            double alpha = p[0];
            double beta = p[1];
            double gamma = p[2];
            double phi = p[3];
            double[] levelSlope = {p[4], p[5]};
            System.arraycopy(season0, 0, s, 0, m);
            boolean multiplicativeError = form.error() == 'M';
            char season = form.season();
            double sse = 0;
            double sumLogMu = 0;
            for (int t = 0; t < x.length; t++) {
                int j = t % m;
                double trendValue = levelSlope[0] + phi * levelSlope[1];
                double mu = season == 'M' ? trendValue * s[j] : season == 'A' ? trendValue + s[j] : trendValue;
                double e = x[t] - mu;
                if (multiplicativeError) {
                    if (!(mu > 0)) {
                        return null;
                    }
                    double rel = e / mu;
                    sse += rel * rel;
                    sumLogMu += Math.log(mu);
                } else {
                    sse += e * e;
                }
                if (season == 'M' && (!(trendValue > 0) || !(s[j] > 0))) {
                    return null;
                }
                correct(season, levelSlope, s, j, trendValue, e, alpha, beta, gamma, phi);
            }
            int n = x.length;
            double variance = Math.max(sse / n, 1e-300);
            double minusTwoLogLik = n * Math.log(2 * Math.PI * variance) + n + 2 * sumLogMu;
            return Double.isFinite(minusTwoLogLik) ? new double[] {minusTwoLogLik, sse, levelSlope[0], levelSlope[1]} : null;
        }

        Fit fit(double[] u, int k) {
            double[] p = decode(u);
            double[] out = run(p);
            int n = x.length;
            if (out == null) {
                return new Fit(form, 0, 0, 0, 1, 0, 0, new double[] {0}, 0, Double.POSITIVE_INFINITY);
            }
            // s[] now holds the index for times n .. n + m - 1 at positions n % m ...; rotate so entry 0 is time n.
            double[] next = new double[m];
            for (int i = 0; i < m; i++) {
                next[i] = s[(n + i) % m];
            }
            return new Fit(form, p[0], p[1], p[2], p[3], out[2], out[3], next,
                    Math.sqrt(out[1] / Math.max(1, n - k)), aicc(out[0], k, n));
        }
    }

    /** The chosen form, its weights and the state after the last value; {@code season[i]} is for step i + 1 (mod m). */
    record Fit(Form form, double alpha, double beta, double gamma, double phi, double level, double slope,
               double[] season, double sigma, double aicc) implements Core {

        @Override
        public Band forecast(int horizon, double levelPercent) {
            int m = season.length;
            double[] mean = new double[horizon];
            double phiSum = 0;
            double phiPow = 1;
            for (int h = 1; h <= horizon; h++) {
                phiPow *= phi;
                phiSum += form.hasTrend() ? phiPow : 0;
                double trendValue = level + phiSum * slope;
                double f = season[(h - 1) % m];
                mean[h - 1] = form.season() == 'M' ? trendValue * f : form.season() == 'A' ? trendValue + f : trendValue;
            }
            return form.additive() ? analytic(mean, levelPercent) : simulated(mean, levelPercent);
        }

        private Band analytic(double[] mean, double levelPercent) {
            int horizon = mean.length;
            int m = season.length;
            double[] sd = new double[horizon];
            double s2 = sigma * sigma;
            double variance = s2;
            double phiSum = 0;
            double phiPow = 1;
            for (int h = 1; h <= horizon; h++) {
                sd[h - 1] = Math.sqrt(variance);
                phiPow *= phi;
                phiSum += phiPow;
                double c = alpha + (form.hasTrend() ? beta * phiSum : 0) + (m > 1 && h % m == 0 ? gamma : 0);
                variance += s2 * c * c;
            }
            return Band.normal(mean, sd, levelPercent);
        }

        private Band simulated(double[] mean, double levelPercent) {
            int horizon = mean.length;
            int m = season.length;
            SplittableRandom random = new SplittableRandom(Quantiles.SEED);
            double[][] paths = new double[Quantiles.PATHS][horizon];
            double[] s = new double[m];
            double[] levelSlope = new double[2];
            for (double[] path : paths) {
                levelSlope[0] = level;
                levelSlope[1] = slope;
                System.arraycopy(season, 0, s, 0, m);
                for (int h = 0; h < horizon; h++) {
                    int j = h % m;
                    double trendValue = levelSlope[0] + phi * levelSlope[1];
                    double mu = form.season() == 'M' ? trendValue * s[j] : form.season() == 'A' ? trendValue + s[j] : trendValue;
                    double eps = sigma * random.nextGaussian();
                    double value = form.error() == 'M' ? mu * (1 + eps) : mu + eps;
                    double e = value - mu;
                    path[h] = value;
                    correct(form.season(), levelSlope, s, j, trendValue, e, alpha, beta, gamma, phi);
                }
            }
            return Quantiles.band(mean, paths, levelPercent);
        }

        @Override
        public Map<String, Object> parameters() {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("form", form.label());
            p.put("alpha", alpha);
            if (form.hasTrend()) {
                p.put("beta", beta);
            }
            if (form.season() != 'N') {
                p.put("gamma", gamma);
            }
            if (form.damped()) {
                p.put("phi", phi);
            }
            p.put("sigma", sigma);
            p.put("aicc", aicc);
            return p;
        }

        @Override
        public void write(ModelState.Out out) {
            out.writeInt(form.error()).writeInt(form.trend()).writeInt(form.season());
            out.writeDouble(alpha).writeDouble(beta).writeDouble(gamma).writeDouble(phi)
                    .writeDouble(level).writeDouble(slope).writeDoubles(season).writeDouble(sigma).writeDouble(aicc);
        }

        static Fit read(ModelState.In in) {
            Form form = new Form((char) in.readInt(), (char) in.readInt(), (char) in.readInt());
            return new Fit(form, in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(),
                    in.readDouble(), in.readDoubles(), in.readDouble(), in.readDouble());
        }
    }

    /**
     * The error-correction step shared by fitting and simulation: after error {@code e} at season index
     * {@code j}, the new level and slope go into {@code levelSlope} and the new seasonal into {@code s[j]}.
     */
    private static void correct(char season, double[] levelSlope, double[] s, int j, double trendValue, double e,
                                double alpha, double beta, double gamma, double phi) {
        double slope = levelSlope[1];
        if (season == 'M') {
            levelSlope[0] = trendValue + alpha * e / s[j];
            levelSlope[1] = phi * slope + beta * e / s[j];
            s[j] = s[j] + gamma * e / trendValue;
        } else {
            levelSlope[0] = trendValue + alpha * e;
            levelSlope[1] = phi * slope + beta * e;
            if (season == 'A') {
                s[j] = s[j] + gamma * e;
            }
        }
    }
}
