package microlab.forecast.numerics;


/**
 * Exponential smoothing with an additive (optionally damped) trend or none, in state-space form:
 * forecast l + phi b, then l = forecast + alpha e and b = phi b + beta e. For fixed smoothing
 * parameters the one-step errors are linear in the initial level and slope, so one pass that
 * carries their sensitivities gives the least-squares initial states and the profiled sum of squares
 * exactly; the optimiser then only searches alpha, beta and phi.
 */
public final class TrendSmoothing {

    public static final double MIN_ALPHA = 1e-4;
    public static final double MAX_ALPHA = 0.9999;
    public static final double MIN_PHI = 0.8;
    public static final double MAX_PHI = 0.98;

    /** The end state of a run and how well it fitted. */
    public record Run(double alpha, double beta, double phi, boolean trend, double level, double slope, double sse, int n) {

        int parameterCount() {
            return trend ? (phi < 1 ? 5 : 4) : 2;
        }

        public double sigma() {
            int dof = Math.max(1, n - parameterCount());
            return Math.sqrt(sse / dof);
        }

        public Band forecast(int horizon, double level) {
            double[] mean = new double[horizon];
            double[] sd = new double[horizon];
            double s2 = sigma() * sigma();
            double phiSum = 0;
            double phiPow = 1;
            double variance = s2;
            for (int h = 1; h <= horizon; h++) {
                phiPow *= phi;
                phiSum += phiPow;
                double trendPart = trend ? phiSum * slope : 0;
                mean[h - 1] = this.level + trendPart;
                sd[h - 1] = Math.sqrt(variance);
                // c_h = alpha + beta * (phi + ... + phi^h) weighs the error of step h in later steps.
                double c = alpha + (trend ? beta * phiSum : 0);
                variance += s2 * c * c;
            }
            return Band.normal(mean, sd, level);
        }
    }

    private TrendSmoothing() {
    }

    static Run run(double[] x, double alpha, double beta, double phi, boolean trend) {
        int n = x.length;
        double l = 0;
        double b = 0;
        // Sensitivities of the level and the slope to l0 (index 0) and b0 (index 1).
        double l0 = 1;
        double l1 = 0;
        double b0 = 0;
        double b1 = trend ? 1 : 0;
        double saa = 0;
        double sa0 = 0;
        double sa1 = 0;
        double s00 = 0;
        double s01 = 0;
        double s11 = 0;
        double dampedB = trend ? phi : 0;
        for (int t = 0; t < n; t++) {
            double pred = l + dampedB * b;
            double p0 = l0 + dampedB * b0;
            double p1 = l1 + dampedB * b1;
            double e = x[t] - pred;
            saa += e * e;
            sa0 += e * p0;
            sa1 += e * p1;
            s00 += p0 * p0;
            s01 += p0 * p1;
            s11 += p1 * p1;
            l = pred + alpha * e;
            b = dampedB * b + beta * e;
            // d(pred + alpha e)/dp = (1 - alpha) dpred/dp, since de/dp = -dpred/dp.
            l0 = (1 - alpha) * p0;
            l1 = (1 - alpha) * p1;
            b0 = dampedB * b0 - beta * p0;
            b1 = dampedB * b1 - beta * p1;
        }
        double theta0;
        double theta1;
        double ridge = 1e-12 * (s00 + s11 + 1);
        if (trend) {
            double a = s00 + ridge;
            double d = s11 + ridge;
            double det = a * d - s01 * s01;
            theta0 = (d * sa0 - s01 * sa1) / det;
            theta1 = (a * sa1 - s01 * sa0) / det;
        } else {
            theta0 = sa0 / (s00 + ridge);
            theta1 = 0;
        }
        double sse = saa - 2 * (theta0 * sa0 + theta1 * sa1)
                + theta0 * theta0 * s00 + 2 * theta0 * theta1 * s01 + theta1 * theta1 * s11;
        double level = l + theta0 * l0 + theta1 * l1;
        double slope = trend ? b + theta0 * b0 + theta1 * b1 : 0;
        return new Run(alpha, beta, trend ? phi : 1, trend, level, slope, Math.max(0, sse), n);
    }

    /** Simple exponential smoothing with alpha chosen by least squares. */
    public static Run ses(double[] x) {
        double alpha = Minimizer.brent(a -> run(x, a, 0, 1, false).sse(), MIN_ALPHA, MAX_ALPHA, 20);
        return run(x, alpha, 0, 1, false);
    }

    /** Holt's linear trend (phi = 1) or the damped trend (phi chosen in [0.8, 0.98]). */
    public static Run trend(double[] x, boolean damped) {
        double[] start = damped ? new double[] {Minimizer.logit(0.5, MIN_ALPHA, MAX_ALPHA), -2, 0.0}
                : new double[] {Minimizer.logit(0.5, MIN_ALPHA, MAX_ALPHA), -2};
        double[] best = Minimizer.nelderMead(u -> decode(x, u, damped).sse(), start, 1.0, damped ? 400 : 250);
        return decode(x, best, damped);
    }

    private static Run decode(double[] x, double[] u, boolean damped) {
        double alpha = Minimizer.logistic(u[0], MIN_ALPHA, MAX_ALPHA);
        // beta stays below alpha, the usual admissible region for the trend smoothing weight.
        double beta = Minimizer.logistic(u[1], 1e-4 * alpha, alpha);
        double phi = damped ? Minimizer.logistic(u[2], MIN_PHI, MAX_PHI) : 1;
        return run(x, alpha, beta, phi, true);
    }
}
