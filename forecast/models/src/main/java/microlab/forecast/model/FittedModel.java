package microlab.forecast.model;

/** A model fitted to one series: forecasts from the end of that series. */
public interface FittedModel {

    /** Forecasts {@code horizon} steps after the series with a central {@code level}% interval (50..99). */
    Forecast forecast(int horizon, double level);

    /** Everything {@link ForecastModel#restore(byte[])} needs to rebuild this model, as bytes. */
    byte[] save();
}
