package microlab.forecast.model;

import microlab.forecast.numerics.Band;
import microlab.forecast.numerics.Kpss;
import microlab.forecast.numerics.Minimizer;
import microlab.forecast.numerics.SeasonalAdjustment;
import microlab.forecast.numerics.Series;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seasonal ARIMA (p,d,q)(P,D,Q)[s] chosen automatically, in the way of Hyndman and Khandakar's
 * auto.arima (2008): the seasonal difference D when the season is strong (strength 0.64 or more), the
 * differences d by repeated KPSS tests, then a stepwise search over p, q (up to 5), P, Q (up to 1) and
 * the constant by AICc, each candidate fitted by conditional sum of squares. The coefficients are
 * searched through partial autocorrelations, so every fitted model is stationary and invertible.
 * Forecasts come from the model's recursion on the undifferenced series, the intervals from its psi
 * weights. Given several periods it uses the shortest.
 */
public final class ArimaModel extends StatisticalModel {

    static final String NAME = "arima";
    private static final int MAX_PQ = 5;
    private static final int MAX_ORDER = 5;
    private static final int MAX_MODELS = 30;
    private static final double STRONG_SEASON = 0.64;

    public ArimaModel() {
        super(NAME, "Seasonal ARIMA chosen automatically: differences by KPSS tests and seasonal strength, then a "
                + "stepwise search of the orders by AICc, fitted by conditional least squares.",
                Season.OWN);
    }

    /**
     * Not an auto candidate: a stepwise search is about 50 ms on 1,000 hourly points, and auto would run
     * it once per backtest fold; on bin/bench --hourly-set it does not earn that (see the README).
     */
    @Override
    public boolean inAuto() {
        return false;
    }

    @Override
    public int minLength(int period, int horizon) {
        return Math.max(12, period > 1 ? 2 * period + horizon : 12);
    }

    @Override
    protected Core fitCore(double[] x, int period, boolean logScale) {
        // seasonal terms need three seasons and a few points beyond them
        int s = period > 1 && x.length >= 3 * period + 10 ? period : 1;
        int seasonalDiffs = s > 1 && seasonalStrength(x, s) >= STRONG_SEASON ? 1 : 0;
        double[] w = seasonalDiffs == 1 ? Series.difference(x, s) : x;
        int d = Kpss.differences(w);
        for (int i = 0; i < d; i++) {
            w = Series.difference(w, 1);
        }
        Search search = new Search(w, s, d + seasonalDiffs <= 1);
        Fit best = search.stepwise();
        return Fitted.of(best, x, d, seasonalDiffs);
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

    record Order(int p, int q, int seasonalP, int seasonalQ, boolean constant) {
        int count() {
            return p + q + seasonalP + seasonalQ;
        }
    }

    /** One fitted order on the differenced series w: the expanded AR and MA lag polynomials, mean, residuals. */
    record Fit(Order order, int s, double[] ar, double[] ma, double mean, double[] residuals, double sse, int used,
               double aicc) {
    }

    /** The stepwise search of Hyndman and Khandakar over the orders, on the differenced series. */
    private static final class Search {
        private final double[] w;
        private final int s;
        private final boolean constantAllowed;
        private final Map<Order, Fit> tried = new HashMap<>();

        Search(double[] w, int s, boolean constantAllowed) {
            this.w = w;
            this.s = s;
            this.constantAllowed = constantAllowed;
        }

        Fit stepwise() {
            int seasonal = s > 1 ? 1 : 0;
            Fit best = null;
            for (Order start : List.of(new Order(2, 2, seasonal, seasonal, constantAllowed),
                    new Order(0, 0, 0, 0, constantAllowed), new Order(1, 0, seasonal, 0, constantAllowed),
                    new Order(0, 1, 0, seasonal, constantAllowed))) {
                best = better(best, fit(start));
            }
            boolean improved = true;
            while (improved && tried.size() < MAX_MODELS) {
                improved = false;
                for (Order next : neighbours(best.order())) {
                    if (tried.containsKey(next) || tried.size() >= MAX_MODELS) {
                        continue;
                    }
                    Fit candidate = fit(next);
                    if (candidate.aicc() < best.aicc()) {
                        best = candidate;
                        improved = true;
                        break;
                    }
                }
            }
            return best;
        }

        private static Fit better(Fit a, Fit b) {
            return a == null || b.aicc() < a.aicc() ? b : a;
        }

        private List<Order> neighbours(Order o) {
            int maxSeasonal = s > 1 ? 1 : 0;
            List<Order> out = new ArrayList<>();
            int[][] steps = {{1, 0, 0, 0}, {-1, 0, 0, 0}, {0, 1, 0, 0}, {0, -1, 0, 0}, {1, 1, 0, 0}, {-1, -1, 0, 0},
                {0, 0, 1, 0}, {0, 0, -1, 0}, {0, 0, 0, 1}, {0, 0, 0, -1}, {0, 0, 1, 1}, {0, 0, -1, -1}};
            for (int[] step : steps) {
                Order next = new Order(o.p() + step[0], o.q() + step[1], o.seasonalP() + step[2], o.seasonalQ() + step[3],
                        o.constant());
                if (next.p() >= 0 && next.q() >= 0 && next.p() <= MAX_PQ && next.q() <= MAX_PQ && next.seasonalP() >= 0
                        && next.seasonalQ() >= 0 && next.seasonalP() <= maxSeasonal && next.seasonalQ() <= maxSeasonal
                        && next.count() <= MAX_ORDER) {
                    out.add(next);
                }
            }
            if (constantAllowed) {
                out.add(new Order(o.p(), o.q(), o.seasonalP(), o.seasonalQ(), !o.constant()));
            }
            return out;
        }

        Fit fit(Order order) {
            int dims = order.count();
            double mean = 0;
            if (order.constant()) {
                for (double v : w) {
                    mean += v;
                }
                mean /= w.length;
            }
            double m = mean;
            double[] u = new double[dims];
            if (dims > 0) {
                u = Minimizer.nelderMead(v -> css(order, v, m).sse(), u, 0.3, 150 + 100 * dims);
            }
            Fit fit = css(order, u, mean);
            tried.put(order, fit);
            return fit;
        }

        /** Conditional sum of squares: residuals of the recursion from the first point all lags reach. */
        private Fit css(Order order, double[] u, double mean) {
            double[] phi = fromPartials(u, 0, order.p(), 1);
            double seasonalPhi = order.seasonalP() == 1 ? Math.tanh(u[order.p()]) : 0;
            int at = order.p() + order.seasonalP();
            double[] theta = fromPartials(u, at, order.q(), -1);
            double seasonalTheta = order.seasonalQ() == 1 ? -Math.tanh(u[at + order.q()]) : 0;
            double[] ar = expand(phi, order.seasonalP() == 1, seasonalPhi, s, -1);
            double[] ma = expand(theta, order.seasonalQ() == 1, seasonalTheta, s, 1);
            int start = ar.length - 1;
            int n = w.length;
            double[] e = new double[n];
            double sse = 0;
            int[] arLags = nonZero(ar);
            int[] maLags = nonZero(ma);
            for (int t = start; t < n; t++) {
                double z = w[t] - mean;
                for (int k : arLags) {
                    z -= ar[k] * (w[t - k] - mean);
                }
                for (int j : maLags) {
                    if (t - j >= 0) {
                        z -= ma[j] * e[t - j];
                    }
                }
                e[t] = z;
                sse += z * z;
            }
            int used = n - start;
            int k = order.count() + (order.constant() ? 1 : 0) + 1;
            double aicc = used > k + 1 && sse > 0
                    ? used * Math.log(sse / used) + 2.0 * k + 2.0 * k * (k + 1) / (used - k - 1)
                    : Double.POSITIVE_INFINITY;
            if (!Double.isFinite(sse)) {
                sse = Double.MAX_VALUE;
                aicc = Double.POSITIVE_INFINITY;
            }
            return new Fit(order, s, ar, ma, mean, e, sse, used, aicc);
        }
    }

    /**
     * Coefficients c[1..count] of 1 - sum c_i B^i with all roots outside the unit circle, from partial
     * autocorrelations tanh(u) (Durbin-Levinson); sign -1 gives an MA polynomial 1 + sum theta_i B^i.
     */
    private static double[] fromPartials(double[] u, int from, int count, int sign) {
        double[] c = new double[count];
        double[] previous = new double[count];
        for (int k = 0; k < count; k++) {
            double r = Math.tanh(u[from + k]);
            System.arraycopy(c, 0, previous, 0, k);
            c[k] = r;
            for (int j = 0; j < k; j++) {
                c[j] = previous[j] - r * previous[k - 1 - j];
            }
        }
        if (sign < 0) {
            for (int i = 0; i < count; i++) {
                c[i] = -c[i];
            }
        }
        return c;
    }

    /**
     * Lag coefficients (index = lag, index 0 unused) of (1 + sign sum c_i B^i)(1 + sign C B^s), written as
     * the coefficients of the lags on the right-hand side of the recursion: for AR (sign -1) the values
     * a_k in w_t = sum a_k w_{t-k}; for MA (sign +1) the theta_k of e_{t-k}.
     */
    private static double[] expand(double[] c, boolean withSeason, double seasonal, int s, int sign) {
        int degree = c.length + (withSeason ? s : 0);
        double[] poly = new double[degree + 1];
        poly[0] = 1;
        for (int i = 0; i < c.length; i++) {
            poly[i + 1] = sign * c[i];
        }
        if (withSeason) {
            double[] seasonalPoly = new double[s + 1];
            seasonalPoly[0] = 1;
            seasonalPoly[s] = sign * seasonal;
            poly = multiply(poly, seasonalPoly);
        }
        double[] lags = new double[poly.length];
        for (int k = 1; k < poly.length; k++) {
            lags[k] = sign < 0 ? -poly[k] : poly[k];
        }
        return lags;
    }

    private static double[] multiply(double[] a, double[] b) {
        double[] out = new double[a.length + b.length - 1];
        for (int i = 0; i < a.length; i++) {
            if (a[i] != 0) {
                for (int j = 0; j < b.length; j++) {
                    out[i + j] += a[i] * b[j];
                }
            }
        }
        return out;
    }

    private static int[] nonZero(double[] lags) {
        int count = 0;
        for (int k = 1; k < lags.length; k++) {
            if (lags[k] != 0) {
                count++;
            }
        }
        int[] out = new int[count];
        int i = 0;
        for (int k = 1; k < lags.length; k++) {
            if (lags[k] != 0) {
                out[i++] = k;
            }
        }
        return out;
    }

    /**
     * The chosen model on the undifferenced working scale: x_t = constant + sum c_k x_{t-k} + e_t + sum b_j e_{t-j},
     * with the last values and residuals the recursion needs.
     */
    private record Fitted(String order, double[] c, double[] b, double constant, double sigma2, double[] lastX,
                          double[] lastE, double aicc) implements Core {

        static Fitted of(Fit fit, double[] x, int d, int seasonalDiffs) {
            // the AR polynomial 1 - sum a_k B^k times (1 - B)^d (1 - B^s)^D
            double[] poly = new double[fit.ar().length];
            poly[0] = 1;
            for (int k = 1; k < poly.length; k++) {
                poly[k] = -fit.ar()[k];
            }
            for (int i = 0; i < d; i++) {
                poly = multiply(poly, new double[] {1, -1});
            }
            if (seasonalDiffs == 1) {
                double[] seasonal = new double[fit.s() + 1];
                seasonal[0] = 1;
                seasonal[fit.s()] = -1;
                poly = multiply(poly, seasonal);
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
            Order o = fit.order();
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
