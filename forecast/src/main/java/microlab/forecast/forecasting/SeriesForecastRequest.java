package microlab.forecast.forecasting;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** POST /forecast: any series, oldest value first; everything but the values has a default. */
@Serdeable
public record SeriesForecastRequest(@Nullable List<Double> values, @Nullable Integer period, @Nullable Integer horizon,
                                    @Nullable String model, @Nullable Integer level) {
}
