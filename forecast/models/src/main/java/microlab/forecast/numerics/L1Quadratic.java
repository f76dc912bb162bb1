package microlab.forecast.numerics;

import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.RealVector;

import java.util.ArrayList;
import java.util.List;

/**
 * Minimises 0.5 theta'(G + diag(ridge))theta - c'theta + lambda sum_{j in L1} |theta_j| exactly by
 * feature-sign search (Lee, Battle, Raina and Ng, "Efficient sparse coding algorithms", 2007): guess
 * the signs of the L1 coefficients, solve the linear system of the active ones, walk back to the
 * first sign change, and add the coefficient that violates optimality most. With a few dozen
 * coefficients this ends in a few dozen small solves, where coordinate descent on correlated hinge
 * columns needs thousands of sweeps.
 */
public final class L1Quadratic {

    private static final int MAX_STEPS = 500;

    private L1Quadratic() {
    }

    /** theta holds the starting point on entry (L1 coefficients may be non-zero) and the minimiser on return. */
    public static void minimize(double[][] gram, double[] ridge, double[] c, boolean[] l1, double lambda, double[] theta) {
        int p = c.length;
        double[] sign = new double[p];
        boolean[] active = new boolean[p];
        for (int j = 0; j < p; j++) {
            active[j] = !l1[j] || theta[j] != 0;
            sign[j] = l1[j] ? Math.signum(theta[j]) : 0;
        }
        double scale = 1;
        for (double v : c) {
            scale = Math.max(scale, Math.abs(v));
        }
        double tolerance = 1e-10 * scale;
        for (int step = 0; step < MAX_STEPS; step++) {
            Cancellation.check();
            double[] target = solveActive(gram, ridge, c, active, sign, lambda);
            // Walk from theta towards target and keep the best of the end point and the sign changes on the way.
            double bestT = 1;
            int crossing = -1;
            double bestValue = objective(gram, ridge, c, l1, lambda, blend(theta, target, 1));
            for (int j = 0; j < p; j++) {
                if (l1[j] && theta[j] != 0 && Math.signum(target[j]) != Math.signum(theta[j])) {
                    double t = theta[j] / (theta[j] - target[j]);
                    if (t > 0 && t < 1) {
                        double v = objective(gram, ridge, c, l1, lambda, blend(theta, target, t));
                        if (v < bestValue) {
                            bestValue = v;
                            bestT = t;
                            crossing = j;
                        }
                    }
                }
            }
            double[] next = blend(theta, target, bestT);
            if (crossing >= 0) {
                next[crossing] = 0;
            }
            System.arraycopy(next, 0, theta, 0, p);
            for (int j = 0; j < p; j++) {
                if (l1[j]) {
                    active[j] = theta[j] != 0;
                    sign[j] = Math.signum(theta[j]);
                }
            }
            boolean optimalOnActive = true;
            for (int j = 0; j < p && optimalOnActive; j++) {
                if (active[j]) {
                    double g = gradient(gram, ridge, c, theta, j) + (l1[j] ? lambda * sign[j] : 0);
                    optimalOnActive = Math.abs(g) <= tolerance;
                }
            }
            if (!optimalOnActive) {
                continue;
            }
            // Optimal on the active set: add the zero L1 coefficient whose gradient exceeds lambda most.
            int worst = -1;
            double worstExcess = tolerance;
            for (int j = 0; j < p; j++) {
                if (l1[j] && !active[j]) {
                    double excess = Math.abs(gradient(gram, ridge, c, theta, j)) - lambda;
                    if (excess > worstExcess) {
                        worstExcess = excess;
                        worst = j;
                    }
                }
            }
            if (worst < 0) {
                return;
            }
            active[worst] = true;
            sign[worst] = -Math.signum(gradient(gram, ridge, c, theta, worst));
        }
    }

    private static double gradient(double[][] gram, double[] ridge, double[] c, double[] theta, int j) {
        double g = ridge[j] * theta[j] - c[j];
        double[] row = gram[j];
        for (int b = 0; b < theta.length; b++) {
            g += row[b] * theta[b];
        }
        return g;
    }

    private static double[] solveActive(double[][] gram, double[] ridge, double[] c, boolean[] active, double[] sign, double lambda) {
        List<Integer> index = new ArrayList<>();
        for (int j = 0; j < c.length; j++) {
            if (active[j]) {
                index.add(j);
            }
        }
        int k = index.size();
        double[][] a = new double[k][k];
        double[] b = new double[k];
        for (int r = 0; r < k; r++) {
            int i = index.get(r);
            for (int s = 0; s < k; s++) {
                a[r][s] = gram[i][index.get(s)];
            }
            // A tiny jitter keeps columns that are identically zero (a Fourier term at the Nyquist step) solvable.
            a[r][r] += ridge[i] + 1e-12 * (1 + gram[i][i]);
            b[r] = c[i] - lambda * sign[i];
        }
        RealVector solution = new LUDecomposition(new Array2DRowRealMatrix(a, false), 0)
                .getSolver().solve(new ArrayRealVector(b, false));
        double[] out = new double[c.length];
        for (int r = 0; r < k; r++) {
            out[index.get(r)] = solution.getEntry(r);
        }
        return out;
    }

    private static double[] blend(double[] from, double[] to, double t) {
        double[] out = new double[from.length];
        for (int j = 0; j < from.length; j++) {
            out[j] = from[j] + t * (to[j] - from[j]);
        }
        return out;
    }

    static double objective(double[][] gram, double[] ridge, double[] c, boolean[] l1, double lambda, double[] theta) {
        double v = 0;
        for (int a = 0; a < theta.length; a++) {
            double g = 0;
            double[] row = gram[a];
            for (int b = 0; b < theta.length; b++) {
                g += row[b] * theta[b];
            }
            v += 0.5 * theta[a] * (g + ridge[a] * theta[a]) - c[a] * theta[a];
            if (l1[a]) {
                v += lambda * Math.abs(theta[a]);
            }
        }
        return v;
    }
}
