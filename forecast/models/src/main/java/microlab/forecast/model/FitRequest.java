package microlab.forecast.model;

import java.util.Arrays;

/**
 * What a model is fitted to, and the one place its input is checked: the series {@code y}, oldest
 * first; the seasonal periods, ascending, the first the main one (1 = no season); and the horizon the
 * forecasts will be asked for, 0 when it is not known. Models with one season use the first period only,
 * mstl uses them all; with a horizon a model checks the length against it ({@link ForecastModel#minLength})
 * and auto backtests at it.
 * <p>
 * The interval level is not part of a request: no model uses it when fitting. A fitted model forecasts at
 * any level, and auto calibrates its band per level when it forecasts.
 * <p>
 * The constructor refuses, with a sentence that states the limit, a missing series, a value that is not
 * finite, a period below 1, periods that are not ascending and a horizon outside 0..{@value Checks#MAX_HORIZON};
 * a model then applies its own length rule ({@link Checks#length}). Neither array is copied: the models do
 * not change them.
 */
public record FitRequest(double[] y, int[] periods, int horizon) {

    public FitRequest {
        if (y == null) {
            throw new InvalidSeriesException("There is no series to fit.");
        }
        for (int i = 0; i < y.length; i++) {
            if (!Double.isFinite(y[i])) {
                throw new InvalidSeriesException("Value " + (i + 1) + " of the series is not a finite number.");
            }
        }
        if (periods == null || periods.length == 0) {
            throw new InvalidSeriesException("A fit needs a seasonal period (1 means no season); none was given.");
        }
        Checks.period(periods[0]);
        for (int i = 1; i < periods.length; i++) {
            if (periods[i] <= periods[i - 1]) {
                throw new InvalidSeriesException("The seasonal periods must be ascending, each longer than the one before; they are "
                        + Arrays.toString(periods) + ".");
            }
        }
        if (horizon < 0 || horizon > Checks.MAX_HORIZON) {
            throw new InvalidSeriesException("The horizon must be between 1 and " + Checks.MAX_HORIZON + " steps; it is " + horizon + ".");
        }
    }

    /** y with one seasonal period (1 = none), the horizon not known. */
    public static FitRequest of(double[] y, int period) {
        return new FitRequest(y, new int[] {period}, 0);
    }

    /** y with one seasonal period, to be forecast {@code horizon} steps ahead. */
    public static FitRequest of(double[] y, int period, int horizon) {
        return new FitRequest(y, new int[] {period}, horizon);
    }

    /** y with several seasonal periods (ascending), the horizon not known. */
    public static FitRequest of(double[] y, int[] periods) {
        return new FitRequest(y, periods, 0);
    }

    /** y with several seasonal periods (ascending), to be forecast {@code horizon} steps ahead. */
    public static FitRequest of(double[] y, int[] periods, int horizon) {
        return new FitRequest(y, periods, horizon);
    }

    /** The main seasonal period: the first, and the shortest. */
    public int period() {
        return periods[0];
    }
}
