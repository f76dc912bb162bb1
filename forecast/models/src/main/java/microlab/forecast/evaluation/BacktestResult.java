package microlab.forecast.evaluation;

import java.util.List;

/** The scores of every model that could run, in the order the models were given, and the lowest-MASE model. */
public record BacktestResult(int horizon, int folds, List<ModelScore> scores, String winner) {
}
