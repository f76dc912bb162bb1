package microlab.forecast.forecasting;

import microlab.forecast.model.FittedModel;

import java.time.Instant;

/** A fitted model in memory; {@code fromState} says it was read from the state directory, not fitted by this process. */
public record TrainedModel(ModelKey key, FittedModel fitted, String chosenModel, Instant trainedAt, long fitMillis,
                           boolean fromState) {
}
