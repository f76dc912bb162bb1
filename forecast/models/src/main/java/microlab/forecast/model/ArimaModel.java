package microlab.forecast.model;

import microlab.forecast.numerics.Band;
import microlab.forecast.numerics.Kpss;
import microlab.forecast.numerics.LogScale;
import microlab.forecast.numerics.SeasonalAdjustment;
import microlab.forecast.numerics.Series;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Seasonal ARIMA (p,d,q)(P,D,Q)[s] chosen automatically, in the way of Hyndman and Khandakar's
 * auto.arima (2008): the seasonal difference D when the season is strong (strength 0.64 or more), the
 * differences d by repeated KPSS tests, then a stepwise search over p, q (up to 5), P, Q (up to 1) and
 * the constant by AICc, each candidate fitted by conditional sum of squares. The coefficients are
 * searched through partial autocorrelations, so every fitted model is stationary and invertible.
 * Forecasts come from the model's recursion on the undifferenced series, the intervals from its psi
 * weights. Given several periods it uses the shortest. The order search is {@link ArimaSearch}; settled on a
 * stretch of a series ({@link #settledOn}), the model keeps the differences and orders found there and only
 * estimates the coefficients again, starting from those found there.
 */
public final class ArimaModel extends StatisticalModel {

    static final String NAME = "arima";
    private static final double STRONG_SEASON = 0.64;

    /** What the search settled: the season used, the differences, the orders and the coefficients found. */
    private record Structure(int s, int seasonalDiffs, int d, ArimaSearch.Order order, double[] partials) {
    }

    /** Null: each fit searches. */
    private final Structure settled;

    public ArimaModel() {
        this(null);
    }

    private ArimaModel(Structure settled) {
        super(NAME, "Seasonal ARIMA chosen automatically: differences by KPSS tests and seasonal strength, then a "
                + "stepwise search of the orders by AICc, fitted by conditional least squares.",
                Season.OWN);
        this.settled = settled;
    }

    /** Searches the request's values once, on the scale a fit of them would use. */
    @Override
    public ForecastModel settledOn(FitRequest request) {
        Checks.length(this, request);
        double[] y = request.y();
        double[] x = LogScale.prefers(y, request.period()) ? Series.log(y) : y;
        return new ArimaModel(search(x, request.period()).structure);
    }

    /** Settled on x, values already on the working scale with no season left (the rest of an MSTL decomposition). */
    ArimaModel settledOnWorking(double[] x) {
        return new ArimaModel(search(x, 1).structure);
    }

    private record Searched(Structure structure, Core core) {
    }

    private static Searched search(double[] x, int period) {
        // seasonal terms need three seasons and a few points beyond them
        int s = seasonFor(x, period);
        int seasonalDiffs = s > 1 && seasonalStrength(x, s) >= STRONG_SEASON ? 1 : 0;
        int d = Kpss.differences(differenced(x, s, seasonalDiffs, 0));
        double[] w = differenced(x, s, seasonalDiffs, d);
        ArimaSearch.Fit best = new ArimaSearch(w, s, d + seasonalDiffs <= 1).stepwise();
        return new Searched(new Structure(s, seasonalDiffs, d, best.order(), best.partials()), Fitted.of(best, x, d, seasonalDiffs));
    }

    /** x differenced once at lag s when seasonalDiffs is 1, then d times at lag 1. */
    private static double[] differenced(double[] x, int s, int seasonalDiffs, int d) {
        double[] w = seasonalDiffs == 1 ? Series.difference(x, s) : x;
        for (int i = 0; i < d; i++) {
            w = Series.difference(w, 1);
        }
        return w;
    }

    private static int seasonFor(double[] x, int period) {
        return period > 1 && x.length >= 3 * period + 10 ? period : 1;
    }

    @Override
    public int minLength(int period, int horizon) {
        return Math.max(12, period > 1 ? 2 * period + horizon : 12);
    }

    @Override
    protected Core fitCore(double[] x, int period, boolean logScale) {
        if (settled == null || seasonFor(x, period) != settled.s()) {
            return search(x, period).core;
        }
        double[] w = differenced(x, settled.s(), settled.seasonalDiffs(), settled.d());
        ArimaSearch.Fit fit = new ArimaSearch(w, settled.s(), settled.d() + settled.seasonalDiffs() <= 1)
                .refit(settled.order(), settled.partials());
        return Fitted.of(fit, x, settled.d(), settled.seasonalDiffs());
    }

    @Override
    protected Core readCore(ModelState.In in) {
        return Fitted.read(in);
    }

    /** 1 - var(remainder) / var(season + remainder) of a classical decomposition, 0 when the season explains nothing. */
    static double seasonalStrength(double[] x, int s) {
        double[] trend = SeasonalAdjustment.centredMovingAverage(x, s);
        double[] phaseSum = new double[s];
        int[] phaseCount = new int[s];
        for (int t = 0; t < x.length; t++) {
            if (!Double.isNaN(trend[t])) {
                phaseSum[t % s] += x[t] - trend[t];
                phaseCount[t % s]++;
            }
        }
        // the detrended series (season + remainder) and the remainder, where the trend is defined
        double[] detrended = new double[x.length];
        double[] remainder = new double[x.length];
        int n = 0;
        for (int t = 0; t < x.length; t++) {
            if (!Double.isNaN(trend[t])) {
                detrended[n] = x[t] - trend[t];
                remainder[n] = detrended[n] - phaseSum[t % s] / phaseCount[t % s];
                n++;
            }
        }
        double total = variance(detrended, n);
        return n >= 2 && total > 0 ? Math.max(0, 1 - variance(remainder, n) / total) : 0;
    }

    private static double variance(double[] v, int n) {
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += v[i];
        }
        mean /= Math.max(1, n);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += (v[i] - mean) * (v[i] - mean);
        }
        return sum;
    }

    /**
     * The chosen model on the undifferenced working scale: x_t = constant + sum c_k x_{t-k} + e_t + sum b_j e_{t-j},
     * with the last values and residuals the recursion needs.
     */
    private record Fitted(String order, double[] c, double[] b, double constant, double sigma2, double[] lastX,
                          double[] lastE, double aicc) implements Core {

        static Fitted of(ArimaSearch.Fit fit, double[] x, int d, int seasonalDiffs) {
            // the AR polynomial 1 - sum a_k B^k times (1 - B)^d (1 - B^s)^D
            double[] poly = new double[fit.ar().length];
            poly[0] = 1;
            for (int k = 1; k < poly.length; k++) {
                poly[k] = -fit.ar()[k];
            }
            for (int i = 0; i < d; i++) {
                poly = ArimaSearch.multiply(poly, new double[] {1, -1});
            }
            if (seasonalDiffs == 1) {
                double[] seasonal = new double[fit.s() + 1];
                seasonal[0] = 1;
                seasonal[fit.s()] = -1;
                poly = ArimaSearch.multiply(poly, seasonal);
            }
            double[] c = new double[poly.length];
            for (int k = 1; k < poly.length; k++) {
                c[k] = -poly[k];
            }
            double arAtOne = 1;
            for (int k = 1; k < fit.ar().length; k++) {
                arAtOne -= fit.ar()[k];
            }
            int parameters = fit.order().count() + (fit.order().constant() ? 1 : 0);
            double sigma2 = fit.sse() / Math.max(1, fit.used() - parameters);
            int keepX = Math.min(x.length, c.length - 1);
            double[] lastX = Arrays.copyOfRange(x, x.length - keepX, x.length);
            int keepE = fit.ma().length - 1;
            double[] lastE = new double[keepE];
            double[] e = fit.residuals();
            for (int j = 0; j < keepE && j < e.length; j++) {
                lastE[keepE - 1 - j] = e[e.length - 1 - j];
            }
            ArimaSearch.Order o = fit.order();
            String name = "(" + o.p() + "," + d + "," + o.q() + ")"
                    + (fit.s() > 1 ? "(" + o.seasonalP() + "," + seasonalDiffs + "," + o.seasonalQ() + ")[" + fit.s() + "]" : "")
                    + (o.constant() ? (d + seasonalDiffs == 0 ? " with mean" : " with drift") : "");
            return new Fitted(name, c, fit.ma(), fit.mean() * arAtOne, sigma2, lastX, lastE, fit.aicc());
        }

        @Override
        public Band forecast(int horizon, double level) {
            int history = lastX.length;
            double[] xs = Arrays.copyOf(lastX, history + horizon);
            double[] mean = new double[horizon];
            for (int h = 0; h < horizon; h++) {
                int t = history + h;
                double v = constant;
                for (int k = 1; k < c.length; k++) {
                    if (c[k] != 0 && t - k >= 0) {
                        v += c[k] * xs[t - k];
                    }
                }
                // residuals of the past only: the future ones are zero in expectation
                for (int j = h + 1; j < b.length; j++) {
                    int back = lastE.length - (j - h);
                    if (b[j] != 0 && back >= 0) {
                        v += b[j] * lastE[back];
                    }
                }
                xs[t] = v;
                mean[h] = v;
            }
            double[] psi = new double[horizon];
            psi[0] = 1;
            for (int j = 1; j < horizon; j++) {
                double v = j < b.length ? b[j] : 0;
                for (int k = 1; k <= j && k < c.length; k++) {
                    v += c[k] * psi[j - k];
                }
                psi[j] = v;
            }
            double[] sd = new double[horizon];
            double sum = 0;
            for (int h = 0; h < horizon; h++) {
                sum += psi[h] * psi[h];
                sd[h] = Math.sqrt(sigma2 * sum);
            }
            return Band.normal(mean, sd, level);
        }

        @Override
        public Map<String, Object> parameters() {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("order", order);
            p.put("aicc", aicc);
            p.put("sigma", Math.sqrt(sigma2));
            return p;
        }

        @Override
        public void write(ModelState.Out out) {
            out.writeString(order).writeDoubles(c).writeDoubles(b).writeDouble(constant).writeDouble(sigma2)
                    .writeDoubles(lastX).writeDoubles(lastE).writeDouble(aicc);
        }

        static Fitted read(ModelState.In in) {
            return new Fitted(in.readString(), in.readDoubles(), in.readDoubles(), in.readDouble(), in.readDouble(),
                    in.readDoubles(), in.readDoubles(), in.readDouble());
        }
    }
}
