package microlab.forecast.forecasting;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/** GET /forecast/status. {@code origin} is "state" for a model read from the state directory, "fitted" otherwise. */
@Serdeable
public record ServiceStatus(int bootCount, String stateDirectory, boolean stateWritable, Instant startedAt,
                            boolean modelsLoadedFromState, int modelsLoaded, List<ModelStatus> models) {

    @Serdeable
    public record ModelStatus(String symbol, String model, String chosenModel, String dataVersion, boolean current,
                              Instant trainedAt, long fitMillis, String origin) {
    }
}
