package microlab.forecast.numerics;

import org.hipparchus.special.Erf;

/** The standard normal quantile, for interval half-widths. */
public final class Gaussian {

    private Gaussian() {
    }

    public static double quantile(double p) {
        return Math.sqrt(2.0) * Erf.erfInv(2.0 * p - 1.0);
    }
}
