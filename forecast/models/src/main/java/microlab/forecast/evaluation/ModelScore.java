package microlab.forecast.evaluation;

/**
 * How one model did in a backtest: MAE, sMAPE (percent), MASE and interval coverage (0..1) averaged
 * over all folds and steps, the coverage at each step ahead (over the folds), and the time its fits
 * and forecasts took in total.
 */
public record ModelScore(String model, double mae, double smape, double mase, double coverage, double[] coverageByStep,
                         long fitMillis) {
}
