package microlab.forecast.model;

import microlab.forecast.numerics.Minimizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The order search of {@link ArimaModel}: the stepwise search of Hyndman and Khandakar over p, q (up to
 * 5), P, Q (up to 1) and the constant on the differenced series, each order fitted by conditional sum of
 * squares and compared by AICc, and the lag polynomials those fits are written in.
 */
final class ArimaSearch {

    private static final int MAX_PQ = 5;
    private static final int MAX_ORDER = 5;
    private static final int MAX_MODELS = 30;
    /** A refit starts at coefficients that fitted most of the same series: a small simplex, few steps. */
    private static final double REFIT_STEP = 0.05;
    private static final int REFIT_EVALUATIONS = 60;

    /** The orders (p, q) and seasonal orders (P, Q) of one candidate, and whether it has a constant. */
    record Order(int p, int q, int seasonalP, int seasonalQ, boolean constant) {
        int count() {
            return p + q + seasonalP + seasonalQ;
        }
    }

    /** One fitted order on the differenced series w: the expanded AR and MA lag polynomials, mean, residuals. */
    record Fit(Order order, int s, double[] ar, double[] ma, double mean, double[] residuals, double sse, int used,
               double aicc, double[] partials) {
    }

    private final double[] w;
    private final int s;
    private final boolean constantAllowed;
    private final Map<Order, Fit> tried = new HashMap<>();

    ArimaSearch(double[] w, int s, boolean constantAllowed) {
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

    /** The coefficients of {@code order} estimated again, from {@code partials} (those of an earlier fit) with a smaller step. */
    Fit refit(Order order, double[] partials) {
        return fit(order, partials, REFIT_STEP, REFIT_EVALUATIONS);
    }

    Fit fit(Order order) {
        return fit(order, new double[order.count()], 0.3, 150 + 100 * order.count());
    }

    private Fit fit(Order order, double[] start, double step, int evaluations) {
        int dims = order.count();
        double mean = 0;
        if (order.constant()) {
            for (double v : w) {
                mean += v;
            }
            mean /= w.length;
        }
        double m = mean;
        double[] u = start.clone();
        if (dims > 0) {
            u = Minimizer.nelderMead(v -> css(order, v, m).sse(), u, step, evaluations);
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
        return new Fit(order, s, ar, ma, mean, e, sse, used, aicc, u.clone());
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

    /** The product of two polynomials given by their coefficients, lowest power first. */
    static double[] multiply(double[] a, double[] b) {
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
}
