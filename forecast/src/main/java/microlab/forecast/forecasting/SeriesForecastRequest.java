package microlab.forecast.forecasting;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * POST /forecast: any series, oldest value first; everything but the values has a default. The counts are
 * read as numbers and checked to be whole, so 2.5 is refused rather than silently truncated. {@code periods}
 * names several seasonal cycles at once (e.g. [24, 168]: a day and a week of hours) instead of one {@code period}.
 */
@Serdeable
public record SeriesForecastRequest(@Nullable List<Double> values, @Nullable Double period, @Nullable List<Double> periods,
                                    @Nullable Double horizon, @Nullable String model, @Nullable Double level) {
}
