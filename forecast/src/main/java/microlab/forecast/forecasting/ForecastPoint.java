package microlab.forecast.forecasting;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.time.LocalDate;

/** One step ahead; {@code date} only when the series is a stored asset with days. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ForecastPoint(int step, LocalDate date, double mean, double lower, double upper) {
}
