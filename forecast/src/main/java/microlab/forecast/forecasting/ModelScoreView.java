package microlab.forecast.forecasting;

import io.micronaut.serde.annotation.Serdeable;
import microlab.forecast.evaluation.ModelScore;

import java.util.Arrays;
import java.util.List;

/**
 * One model's backtest errors, averaged over every fold and step; coverage is the share of actuals
 * inside the interval (0..1), {@code coverageByStep} the same share at each step ahead over the folds
 * (an honest interval holds its level at step 1 and at the last step alike). A score that could not be
 * computed (MASE on a flat series) is null.
 */
@Serdeable
public record ModelScoreView(String model, Double mae, Double smape, Double mase, Double coverage, List<Double> coverageByStep,
                             long fitMillis) {

    static ModelScoreView of(ModelScore s) {
        return new ModelScoreView(s.model(), finite(s.mae()), finite(s.smape()), finite(s.mase()), finite(s.coverage()),
                Arrays.stream(s.coverageByStep()).boxed().toList(), s.fitMillis());
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
