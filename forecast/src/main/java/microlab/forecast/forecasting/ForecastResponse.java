package microlab.forecast.forecasting;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A forecast: {@code model} is the model that produced it (for auto, the one chosen), {@code period} the
 * (shortest) seasonal period it was given, {@code periods} every seasonal cycle it used (with mstl, a
 * weekly cycle found in the data as well), {@code logScale} whether it was fitted to log(y). {@code symbol}, {@code dataVersion} and {@code trainedAt} (when
 * the model that made it was fitted) only for stored assets.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ForecastResponse(String model, String requestedModel, String symbol, String dataVersion, int horizon,
                               int level, int period, List<Integer> periods, boolean logScale, Instant trainedAt,
                               Map<String, Object> parameters, List<ForecastPoint> forecast) {
}
