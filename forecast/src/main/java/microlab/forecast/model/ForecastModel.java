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

    /** Fits the series y (oldest first, at least 2 points) with seasonal period {@code period} (1 = none). */
    FittedModel fit(double[] y, int period);

    /** Rebuilds a fitted model from the bytes {@link FittedModel#save()} wrote. */
    FittedModel restore(byte[] state);
}
