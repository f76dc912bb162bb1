package microlab.forecast.forecasting;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** A rolling-origin backtest of several models on one asset; {@code winner} has the lowest MASE (null if none could be scored). */
@Serdeable
public record BacktestResponse(String symbol, String dataVersion, int horizon, int folds, int level, String winner,
                               List<ModelScoreView> scores) {
}
