package microlab.forecast.forecasting;

/** What a fitted model of an asset depends on: the model and the exact data it saw. */
public record ModelKey(String symbol, String model, String dataVersion) {
}
