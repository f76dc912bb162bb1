package microlab.forecast.numerics;

import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.hipparchus.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.hipparchus.optim.univariate.BrentOptimizer;
import org.hipparchus.optim.univariate.SearchInterval;
import org.hipparchus.optim.univariate.UnivariateObjectiveFunction;
import org.hipparchus.optim.univariate.UnivariatePointValuePair;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;

/** Hipparchus' Nelder-Mead and Brent, returning the best point seen even when the budget runs out. */
public final class Minimizer {

    private Minimizer() {
    }

    public static double[] nelderMead(ToDoubleFunction<double[]> f, double[] start, double step, int maxEval) {
        double[] best = start.clone();
        double[] bestValue = {f.applyAsDouble(start)};
        ToDoubleFunction<double[]> tracked = p -> {
            Cancellation.check();
            double v = f.applyAsDouble(p);
            if (Double.isNaN(v)) {
                v = Double.MAX_VALUE;
            }
            if (v < bestValue[0]) {
                bestValue[0] = v;
                System.arraycopy(p, 0, best, 0, p.length);
            }
            return v;
        };
        double[] steps = new double[start.length];
        Arrays.fill(steps, step);
        try {
            new SimplexOptimizer(1e-8, 1e-14).optimize(new MaxEval(maxEval),
                    new ObjectiveFunction(tracked::applyAsDouble), GoalType.MINIMIZE,
                    new InitialGuess(start), new NelderMeadSimplex(steps));
        } catch (MathIllegalStateException budgetSpent) {
            // The best point so far is kept; a longer search would rarely change a forecast visibly.
        }
        return best;
    }

    /** Minimises f on [lo, hi]: a coarse grid finds the basin, Brent polishes inside it. */
    static double brent(DoubleUnaryOperator f, double lo, double hi, int grid) {
        double bestX = lo;
        double bestV = Double.POSITIVE_INFINITY;
        double width = (hi - lo) / grid;
        for (int i = 0; i <= grid; i++) {
            Cancellation.check();
            double x = lo + i * width;
            double v = f.applyAsDouble(x);
            if (v < bestV) {
                bestV = v;
                bestX = x;
            }
        }
        double a = Math.max(lo, bestX - width);
        double b = Math.min(hi, bestX + width);
        try {
            UnivariatePointValuePair p = new BrentOptimizer(1e-8, 1e-10).optimize(new MaxEval(200),
                    new UnivariateObjectiveFunction(f::applyAsDouble), GoalType.MINIMIZE,
                    new SearchInterval(a, b, bestX));
            return p.getValue() <= bestV ? p.getPoint() : bestX;
        } catch (MathIllegalStateException budgetSpent) {
            return bestX;
        }
    }

    public static double logistic(double u, double lo, double hi) {
        return lo + (hi - lo) / (1.0 + Math.exp(-u));
    }

    public static double logit(double v, double lo, double hi) {
        double p = (v - lo) / (hi - lo);
        return Math.log(p / (1 - p));
    }
}
