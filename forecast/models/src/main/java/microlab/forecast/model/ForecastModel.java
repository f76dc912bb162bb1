package microlab.forecast.model;

/**
 * One forecasting method. Fitting is separate from forecasting so a fitted model can be kept on the
 * state volume and used again after a restart without refitting.
 */
public interface ForecastModel {

    /** The name used in the API: naive, snaive, drift, ses, holt, damped, theta, ets, prophet, lstm, auto. */
    String name();

    /** One sentence for GET /forecast/models. */
    String description();

    /** Whether the model uses the seasonal period (then a series needs at least 2 * period + horizon points). */
    boolean seasonal();

    /**
     * Whether auto scores this model among its candidates, which it takes from the catalogue's statistical
     * models ({@code selection.Models.statistical()}: lstm and auto itself are not in that list).
     */
    default boolean inAuto() {
        return true;
    }

    /**
     * Whether the model extends a fitted trend over the horizon (drift, holt, damped). On a seasonal series auto leaves
     * such models out: the slope they fit to the seasonally adjusted values is mostly what the seasons left over.
     */
    default boolean extrapolatesTrend() {
        return false;
    }

    /**
     * Whether a backtest leaves this model out unless it is asked for by name: auto runs a backtest of its own,
     * lstm trains a network per fold.
     */
    default boolean slowInBacktest() {
        return false;
    }

    /** Why this model cannot run on this machine, if it cannot (a native library it needs is missing). */
    default java.util.Optional<String> unavailable() {
        return java.util.Optional.empty();
    }

    /**
     * Fits the request's series with its seasonal periods, knowing the horizon when the request gives one
     * (see {@link FitRequest}). Models with a single season use the first period alone; MSTL uses them all.
     *
     * @throws InvalidSeriesException with a sentence saying the limit when the series is too short for this
     *         model ({@link #requireLength}, against the horizon when there is one)
     */
    FittedModel fit(FitRequest request);

    /**
     * This model with what it searches for settled on the request's values (arima: its orders), so that each fit
     * of it on another stretch of the same series only estimates its coefficients again: auto backtests a candidate
     * at up to ten origins and refits the winner, and pays for the search once. A model that searches nothing
     * returns itself.
     */
    default ForecastModel settledOn(FitRequest request) {
        return this;
    }

    /** Rebuilds a fitted model from the bytes {@link FittedModel#save()} wrote. */
    FittedModel restore(byte[] state);

    /** The fewest points this model needs to forecast {@code horizon} steps with seasonal period {@code period}. */
    default int minLength(int period, int horizon) {
        return seasonal() ? 2 * period + horizon : 3;
    }

    /**
     * Throws IllegalArgumentException with a sentence saying the limit when n points are too few: the
     * one place a model's length rule is written, for the library's callers and the API's 400 alike.
     */
    default void requireLength(int n, int period, int horizon) {
        Checks.period(period);
        int min = minLength(period, horizon);
        if (n >= min) {
            return;
        }
        if (seasonal() && min == 2L * period + horizon) {
            String rule = horizon > 0 ? "2 * period + horizon = 2 * " + period + " + " + horizon : "2 * period = 2 * " + period;
            throw new InvalidSeriesException("The seasonal model " + name() + " needs at least " + rule + " = " + min
                    + " points; the series has " + n + ".");
        }
        throw new InvalidSeriesException(name() + " needs at least " + min + " points; the series has " + n + ".");
    }
}
